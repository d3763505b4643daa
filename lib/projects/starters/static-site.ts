import type { Starter } from "./types";

export const staticSite: Starter = {
  id: "static-site",
  name: "Static site",
  description: "An HTML page with a stylesheet and a script, shown in the preview. Works in both sandboxes.",
  runtimes: ["box", "webcontainer"],
  entry: "index.html",
  run: "cat index.html",
  files: {
    "index.html": `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>My site</title>
    <link rel="stylesheet" href="style.css" />
  </head>
  <body>
    <main>
      <h1>Hello, web</h1>
      <p>Edit <code>index.html</code>, <code>style.css</code> or <code>script.js</code> and the preview follows.</p>
      <button id="counter" type="button">Clicked 0 times</button>
    </main>
    <script src="script.js"></script>
  </body>
</html>
`,
    "style.css": `body {
  font-family: system-ui, sans-serif;
  margin: 0;
  min-height: 100vh;
  display: grid;
  place-items: center;
  background: #0f172a;
  color: #e2e8f0;
}

button {
  font: inherit;
  padding: 0.5rem 1rem;
  border-radius: 0.5rem;
  border: 0;
  background: #38bdf8;
  color: #0f172a;
  cursor: pointer;
}
`,
    "script.js": `const button = document.getElementById("counter");
let clicks = 0;
button.addEventListener("click", () => {
  clicks += 1;
  button.textContent = \`Clicked \${clicks} time\${clicks === 1 ? "" : "s"}\`;
});
`,
    "README.md": `# Static site

Open \`index.html\` and press ▶ Run: the page opens in the preview, in the offline box and in
WebContainer alike. No build step.
`,
  },
};
