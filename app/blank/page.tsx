// A blank page under the app's own layout: the reference the IDE's load time is compared with (scripts/bench).
export default function BlankPage() {
  return <main data-testid="blank" />;
}
