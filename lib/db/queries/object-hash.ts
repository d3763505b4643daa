import "server-only";
import { Prisma } from "../generated/client";

/** Hashes travel as hex (as trees hold them) and are stored as their 32 bytes. */
export const hashBytes = (hash: string | null) => Prisma.sql`decode(${hash}::text, 'hex')`;

export const hashArray = (hashes: string[]) => Prisma.sql`ARRAY(SELECT decode(h, 'hex') FROM unnest(${hashes}::text[]) AS h)`;
