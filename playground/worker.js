// The playground's worker: it loads Pyodide (CPython in WebAssembly), then tinyrnn.py itself
// and page.py, and answers the page's requests one at a time, so the page never waits on Python.
//
// Pyodide comes from the local copy `npm install --prefix playground` puts beside this file
// (works offline), or else from Pyodide's public CDN (works online with nothing installed).

const PYODIDE_VERSION = "314.0.7"; // the version playground/package.json pins
const LOCAL = new URL("node_modules/pyodide/", import.meta.url).href;
const CDN = `https://cdn.jsdelivr.net/pyodide/v${PYODIDE_VERSION}/full/`;

async function pyodideFolder() {
  try {
    const response = await fetch(LOCAL + "pyodide.mjs", { method: "HEAD" });
    if (response.ok) return LOCAL;
  } catch (error) {
    // no local copy: the CDN below
  }
  return CDN;
}

async function textOf(url) {
  const response = await fetch(new URL(url, import.meta.url));
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.text();
}

async function start() {
  const folder = await pyodideFolder();
  postMessage({ loading: `Loading Python (Pyodide ${PYODIDE_VERSION}) from ` +
                         (folder === LOCAL ? "the local copy" : "Pyodide's CDN") + "..." });
  const { loadPyodide } = await import(folder + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: folder });
  postMessage({ loading: "Loading tinyrnn.py..." });
  // The repository's layout, in Pyodide's memory: page.py finds tinyrnn.py and
  // examples/predictions.py where they are in the repository
  for (const folder of ["/home/pyodide/tinyrnn", "/home/pyodide/tinyrnn/playground",
                        "/home/pyodide/tinyrnn/examples"]) pyodide.FS.mkdirTree(folder);
  for (const file of ["tinyrnn.py", "playground/page.py", "examples/predictions.py"]) {
    pyodide.FS.writeFile("/home/pyodide/tinyrnn/" + file, await textOf("../" + file));
  }
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/tinyrnn/playground')");
  return pyodide.pyimport("page");
}

const ready = start();
ready.then(
  () => postMessage({ loaded: true }),
  (error) => postMessage({ failed: String(error) }),
);

// One request at a time, in the order sent: each waits for the one before.
let queue = Promise.resolve();
onmessage = (event) => {
  const { id, request } = event.data;
  queue = queue.then(async () => {
    let answer;
    try {
      const page = await ready;
      answer = JSON.parse(page.handle(JSON.stringify(request)));
    } catch (error) {
      answer = { ok: false, error: String(error) };
    }
    postMessage({ id, answer });
  });
};
