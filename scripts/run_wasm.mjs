// Run one of this project's Python files under MicroPython or Pyodide, in Node (WebAssembly).
//
//   node scripts/run_wasm.mjs micropython|pyodide FILE.py [ARG ...]
//
// The interpreters are the npm packages that scripts/check_interpreters.sh installs into
// .interpreters/. tinyrnn.py, test_tinyrnn.py and FILE.py are copied into the interpreter's own
// file system, FILE.py runs as __main__ with sys.argv = [FILE.py, ARG ...], and this process exits
// with its status (sys.exit(N) gives N; an uncaught error gives 1).
import fs from "fs";
import path from "path";
import { fileURLToPath, pathToFileURL } from "url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = process.env.TINYRNN_NODE_MODULES || path.join(root, ".interpreters", "node_modules");
const [kind, file, ...args] = process.argv.slice(2);
if (!["micropython", "pyodide"].includes(kind) || !file) {
  console.error("usage: node scripts/run_wasm.mjs micropython|pyodide FILE.py [ARG ...]");
  process.exit(2);
}

function exitStatus(error) {
  // A Python exception reaches JavaScript as an error whose message ends with its traceback.
  const match = /SystemExit(?::\s*(\S+))?\s*$/.exec(error.message || "");
  if (!match) {
    process.stderr.write(String(error.message || error) + "\n");
    return 1;
  }
  if (match[1] === undefined || match[1] === "None") return 0;
  return /^\d+$/.test(match[1]) ? Number(match[1]) : 1;
}

const home = kind === "pyodide" ? "/home/pyodide" : "/tinyrnn";
let py;
if (kind === "micropython") {
  const { loadMicroPython } = await import(pathToFileURL(
    path.join(modules, "@micropython/micropython-webassembly-pyscript/micropython.mjs")));
  py = await loadMicroPython({ heapsize: 16 * 1024 * 1024, linebuffer: false,
    stdout: (bytes) => process.stdout.write(bytes), stderr: (bytes) => process.stderr.write(bytes) });
  py.FS.mkdir(home);
} else {
  const { loadPyodide } = await import(pathToFileURL(path.join(modules, "pyodide/pyodide.mjs")));
  py = await loadPyodide();
  py.setStdout({ write: (bytes) => { process.stdout.write(bytes); return bytes.length; } });
  py.setStderr({ write: (bytes) => { process.stderr.write(bytes); return bytes.length; } });
}
for (const name of ["tinyrnn.py", "test_tinyrnn.py", file]) {
  py.FS.writeFile(home + "/" + path.basename(name), fs.readFileSync(path.resolve(root, name)));
}
const argv = JSON.stringify([path.basename(file), ...args]);
let status = 0;
try {
  // MicroPython's sys has no argv to set: there the file sees no arguments.
  py.runPython(`import os, sys\nos.chdir(${JSON.stringify(home)})\n` +
    `sys.path.insert(0, ${JSON.stringify(home)})\n` +
    `try:\n    sys.argv = ${argv}\nexcept AttributeError:\n    pass\n`);
  if (path.basename(file) === "test_tinyrnn.py") {
    // One top-level call per test: MicroPython's WebAssembly port frees memory only between
    // calls from JavaScript, so a whole suite in one call would run out of memory.
    const word = JSON.stringify(args[0] || "");
    py.runPython(`import json, test_tinyrnn\nnames = json.dumps(test_tinyrnn.names_of_tests(${word}))`);
    for (const name of JSON.parse(py.globals.get("names"))) {
      py.runPython(`test_tinyrnn.run_test(${JSON.stringify(name)})`);
    }
    py.runPython("failed = test_tinyrnn.summary()");
    status = py.globals.get("failed") > 0 ? 1 : 0;
  } else {
    py.runPython(fs.readFileSync(path.resolve(root, file), "utf8"));
  }
} catch (error) {
  status = exitStatus(error);
}
process.exit(status);
