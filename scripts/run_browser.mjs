// Run one of this project's Python files under Brython or Skulpt, in headless Chromium.
//
//   node scripts/run_browser.mjs brython|skulpt FILE.py [ARG ...]
//
// Serves the project (and .interpreters/node_modules, where scripts/check_interpreters.sh puts
// the npm packages brython, skulpt and playwright-core) on a local port, opens a page in Debian's
// chromium that loads the interpreter, and runs FILE.py there as __main__ with
// sys.argv = [FILE.py, ARG ...]; tinyrnn.py and the files beside FILE.py import from the server.
// What the Python code prints arrives here on stdout; this process exits with its status
// (sys.exit(N) gives N; an uncaught error gives 1).
import fs from "fs";
import http from "http";
import path from "path";
import { fileURLToPath, pathToFileURL } from "url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = process.env.TINYRNN_NODE_MODULES || path.join(root, ".interpreters", "node_modules");
const [kind, file, ...args] = process.argv.slice(2);
if (!["brython", "skulpt"].includes(kind) || !file) {
  console.error("usage: node scripts/run_browser.mjs brython|skulpt FILE.py [ARG ...]");
  process.exit(2);
}
const folder = path.dirname(file) === "." ? "" : path.dirname(file) + "/";
const name = path.basename(file);

// The Python run in the page: output to JavaScript, FILE as __main__, the status back.
const runner = `
import sys
from browser import window
class Out:
    def write(self, text):
        window.tinyrnnWrite(str(text))
    def flush(self):
        pass
sys.stdout = sys.stderr = Out()
sys.argv = ${JSON.stringify([name, ...args])}
status = 0
try:
    source = open(${JSON.stringify("/" + folder + name)}).read()
    exec(source, {"__name__": "__main__"})
except SystemExit as stop:
    code = stop.args[0] if stop.args else None  # Brython's SystemExit has no .code
    status = code if isinstance(code, int) else (0 if code is None else 1)
except Exception as error:
    import traceback
    traceback.print_exc()
    status = 1
window.tinyrnnDone(status)
`;

const pages = {
  brython: () => `<!doctype html><meta charset="utf-8">
<script src="/node_modules/brython/brython.js"></script>
<script src="/node_modules/brython/brython_stdlib.js"></script>
<body onload="brython({debug: 1, pythonpath: ['/', '/${folder}']})">
<script type="text/python">${runner}</script>`,
  skulpt: () => `<!doctype html><meta charset="utf-8">
<script src="/node_modules/skulpt/dist/skulpt.min.js"></script>
<script src="/node_modules/skulpt/dist/skulpt-stdlib.js"></script>
<script>
function read(name) {
  if (Sk.builtinFiles !== undefined && Sk.builtinFiles.files[name] !== undefined) {
    return Sk.builtinFiles.files[name];
  }
  const request = new XMLHttpRequest();  // the project's own files, from the server
  request.open("GET", "/" + name.replace(/^\\.?\\//, ""), false);
  request.send();
  if (request.status !== 200) throw "File not found: '" + name + "'";
  return request.responseText;
}
Sk.configure({output: (text) => window.tinyrnnWrite(text), read: read,
              __future__: Sk.python3, execLimit: Infinity,
              syspath: ["/", "/${folder}"], argv: ${JSON.stringify([name, ...args])}});
const source = read(${JSON.stringify(folder + name)});
Sk.misceval.asyncToPromise(() => Sk.importMainWithBody("__main__", false, source, true))
  .then(() => window.tinyrnnDone(0), (error) => {
    const text = error.toString();
    const exit = /SystemExit: (\\d+)/.exec(text);
    if (!exit) window.tinyrnnWrite(text + "\\n");
    window.tinyrnnDone(exit ? Number(exit[1]) : (/SystemExit/.test(text) ? 0 : 1));
  });
</script>`,
};

const types = { ".js": "text/javascript", ".py": "text/plain", ".txt": "text/plain",
                ".json": "application/json", ".html": "text/html" };
const server = http.createServer((request, response) => {
  const url = decodeURIComponent(request.url.split("?")[0]);
  if (url === "/" || url === "/index.html") {
    response.writeHead(200, { "Content-Type": "text/html" });
    response.end(pages[kind]());
    return;
  }
  const base = url.startsWith("/node_modules/") ? path.dirname(modules) : root;
  const local = path.join(base, path.normalize(url));
  if (!local.startsWith(base) || !fs.existsSync(local) || !fs.statSync(local).isFile()) {
    response.writeHead(404);
    response.end();
    return;
  }
  response.writeHead(200, { "Content-Type": types[path.extname(local)] || "application/octet-stream" });
  fs.createReadStream(local).pipe(response);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

const { chromium } = await import(pathToFileURL(path.join(modules, "playwright-core", "index.mjs")));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let status = 1;
try {
  const page = await browser.newPage();
  let finish;
  const done = new Promise((resolve) => { finish = resolve; });
  await page.exposeFunction("tinyrnnWrite", (text) => { process.stdout.write(text); });
  await page.exposeFunction("tinyrnnDone", (code) => finish(code));
  page.on("pageerror", (error) => { process.stderr.write("page error: " + error + "\n"); finish(1); });
  // The interpreters run the file while the page loads, which can take minutes: do not wait for
  // the load event, only for the file to finish (or 20 minutes).
  await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: "commit", timeout: 0 });
  const limit = new Promise((resolve) => setTimeout(() => {
    process.stderr.write("run_browser.mjs: no result after 20 minutes\n");
    resolve(1);
  }, 20 * 60 * 1000).unref());
  status = await Promise.race([done, limit]);
} finally {
  await browser.close();
  server.close();
}
process.exit(status);
