import type { Starter } from "./types";

const needsWebContainer =
  "This starter needs WebContainer (npm and the Vite dev server). The offline box has no npm: switch the runtime to WebContainer, then press ▶ Run on src/App.jsx.";

export const viteReact: Starter = {
  id: "vite-react",
  name: "Vite + React",
  description: "A React app served by Vite's dev server. Needs WebContainer (npm); the offline box cannot run it.",
  runtimes: ["webcontainer"],
  entry: "src/App.jsx",
  run: "npm install && npm run dev",
  files: {
    "package.json": `{
  "name": "vite-react-starter",
  "private": true,
  "version": "0.0.0",
  "type": "module",
  "scripts": {
    "dev": "vite",
    "build": "vite build",
    "preview": "vite preview"
  },
  "dependencies": {
    "react": "^19.0.0",
    "react-dom": "^19.0.0"
  },
  "devDependencies": {
    "@vitejs/plugin-react": "^5.0.0",
    "vite": "^7.0.0"
  }
}
`,
    "vite.config.js": `import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({ plugins: [react()] });
`,
    "index.html": `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Vite + React</title>
  </head>
  <body>
    <div id="root">
      <p>${needsWebContainer}</p>
    </div>
    <script type="module" src="/src/main.jsx"></script>
  </body>
</html>
`,
    "src/main.jsx": `import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.jsx";

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`,
    "src/App.jsx": `import { useState } from "react";

export function App() {
  const [count, setCount] = useState(0);
  return (
    <main style={{ fontFamily: "system-ui", padding: "2rem" }}>
      <h1>Vite + React</h1>
      <button type="button" onClick={() => setCount((c) => c + 1)}>
        Clicked {count} times
      </button>
      <p>Edit src/App.jsx and save: Vite reloads the page.</p>
    </main>
  );
}
`,
    // What the box says when someone runs this starter there: `node start.js`, or ▶ Run on it.
    "start.js": `// The offline box cannot run this project; this file says why and how to run it.
console.error(${JSON.stringify(needsWebContainer)});
process.exitCode = 1;
`,
    "README.md": `# Vite + React

A React app built and served by [Vite](https://vite.dev).

**Needs WebContainer.** It installs packages with npm and runs Vite's dev server, which only the
WebContainer runtime has. In WebContainer, open \`src/App.jsx\` and press ▶ Run: it runs
\`npm install && npm run dev\` and the preview shows the app.

The offline box has no npm and no network, so it cannot run this project: \`node start.js\` there
prints this message. Switch the runtime to WebContainer from the runtime indicator in the header.
`,
  },
};
