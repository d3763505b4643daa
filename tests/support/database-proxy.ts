import net from "node:net";

export type DatabaseProxy = Awaited<ReturnType<typeof startDatabaseProxy>>;

/**
 * A loopback TCP proxy in front of a test's Postgres that can freeze like a SIGSTOPped server
 * (connections are accepted, nothing is answered, everything resumes on thaw) or go away like a
 * stopped one (open connections drop, new ones are refused).
 */
export async function startDatabaseProxy(target: { host: string; port: number }) {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const waiting: (() => void)[] = [];
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    if (frozen) socket.pause();
  };
  const pipe = (client: net.Socket) => {
    const server = net.connect(target);
    track(server);
    client.pipe(server);
    server.pipe(client);
    client.on("close", () => server.destroy());
    server.on("close", () => client.destroy());
  };
  const handle = (client: net.Socket) => {
    track(client);
    if (frozen) waiting.push(() => pipe(client));
    else pipe(client);
  };
  let listener = net.createServer(handle);
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const dropAll = () => sockets.forEach((s) => s.destroy());
  return {
    port,
    freeze() {
      frozen = true;
      sockets.forEach((s) => s.pause());
    },
    thaw() {
      frozen = false;
      sockets.forEach((s) => s.resume());
      waiting.splice(0).forEach((connect) => connect());
    },
    async goDown() {
      await new Promise((resolve) => listener.close(resolve));
      dropAll();
    },
    async comeBack() {
      listener = net.createServer(handle);
      await new Promise<void>((resolve) => listener.listen(port, "127.0.0.1", resolve));
    },
    async close() {
      dropAll();
      if (listener.listening) await new Promise((resolve) => listener.close(resolve));
    },
  };
}
