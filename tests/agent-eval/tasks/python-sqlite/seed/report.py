"""Prints the revenue report from the CSV rows (name, cents) on standard input."""
import csv
import sys


def money(cents):
    return f"${int(cents) / 100:.2f}"


def main():
    rows = list(csv.reader(sys.stdin))
    print("Revenue by customer")
    for name, cents in rows:
        print(f"{name}: {money(cents)}")


main()
