// The playground's tests, in headless Chromium (Debian's, driven by playwright-core), with the
// page served by `python3 -m http.server` from the repository's top folder, Pyodide from the local
// copy, and every request outside localhost blocked. Expected numbers come from CPython running
// tinyrnn.py (python3 on PATH), never from the page.
//
//     npm install --prefix playground && node playground/test_playground.mjs [SCREENSHOT_FOLDER]
//
// Screenshots (desktop and phone, before and after training) go to SCREENSHOT_FOLDER, by default
// playground/screenshots/. Exits 1 if any test fails or none ran; the server is always stopped.

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const shots = path.resolve(process.argv[2] || path.join(here, "screenshots"));
fs.mkdirSync(shots, { recursive: true });

function cpython(expression) {
  // The value of a Python expression, computed by CPython with tinyrnn.py
  const code = `import json, tinyrnn\nfrom tinyrnn import TinyRNN\nprint(json.dumps(${expression}))`;
  return JSON.parse(execFileSync("python3", ["-c", code], { cwd: root, encoding: "utf8" }));
}

function startServer() {
  return new Promise((resolve, reject) => {
    const server = spawn("python3", ["-u", "-m", "http.server", "--bind", "127.0.0.1", "0"],
                         { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout.on("data", (data) => {
      const found = /port (\d+)/.exec(String(data));
      if (found) resolve({ server, port: Number(found[1]) });
    });
    server.on("exit", (code) => reject(new Error(`http.server exited with ${code}`)));
  });
}

const { chromium } = await import(pathToFileURL(
  path.join(here, "node_modules", "playwright-core", "index.mjs")).href);

const results = [];
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push([name, null]);
    console.log(`passed ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    results.push([name, error]);
    console.log(`FAILED ${name}: ${error.stack || error}`);
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const { server, port } = await startServer();
const base = `http://127.0.0.1:${port}/playground/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});

async function openPage(options = {}, hash = "") {
  // A new page, offline but for localhost, its console errors and long tasks recorded
  const context = await browser.newContext(options);
  const blocked = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  await context.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(base + hash);
  await page.waitForSelector("body[data-ready=true]", { timeout: 180000 });
  return { page, context, errors, blocked };
}

const epochOf = async (page) => Number(await page.getByRole("status", { name: "Epoch" }).textContent());
const lossOf = async (page) => page.getByRole("status", { name: "Loss" }).getAttribute("data-value");

async function waitForEpoch(page, n, timeout = 120000) {
  await page.waitForFunction((n) => Number(document.getElementById("epoch").textContent) >= n,
                             n, { timeout });
}

async function waitUntilIdle(page) {
  await page.waitForFunction(() => !document.getElementById("train").disabled, null,
                             { timeout: 120000 });
}

async function typeInto(page, label, value) {
  const box = page.getByLabel(label, { exact: true });
  await box.fill(value);
  await box.dispatchEvent("change");
}

try {
  const expected50 = cpython("TinyRNN.from_notebook().fit('hello', 50)[-1]");
  const expected51 = cpython("TinyRNN.from_notebook().fit('hello', 51)[-1]");
  let uninterrupted = null; // the page's own loss after 50 epochs in one Train
  const desktop = await openPage({ viewport: { width: 1280, height: 900 } });
  const page = desktop.page;

  await test("the page opens offline from the local Pyodide with no console error", async () => {
    check(desktop.errors.length === 0, "console errors: " + desktop.errors.join(" | "));
    check(desktop.blocked.length === 0, "requests outside localhost: " + desktop.blocked.join(" "));
    await page.screenshot({ path: path.join(shots, "desktop-before.png"), fullPage: true });
  });

  await test("clicking step 0 before training shows explain_step's mid_h[0] and dy[1]", async () => {
    await page.getByRole("button", { name: /^step 0:/ }).click();
    await page.waitForFunction(() => document.getElementById("explain").textContent.includes("dy[1]"));
    const text = await page.locator("#explain").textContent();
    const lines = cpython("tinyrnn.explain_step(TinyRNN.from_notebook(), 0, target=1)");
    for (const line of lines.filter((l) => l.startsWith("mid_h[0]") || l.startsWith("dy[1]"))) {
      check(text.split("\n").includes(line), "missing: " + line);
    }
  });

  await test("Train with the defaults reaches epoch 50 with CPython's loss to 1e-12", async () => {
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await waitForEpoch(page, 50);
    await waitUntilIdle(page);
    check(await epochOf(page) === 50, "stopped at epoch " + (await epochOf(page)));
    uninterrupted = await lossOf(page);
    const loss = Number(uninterrupted);
    check(Math.abs(loss - expected50) <= 1e-12, `loss ${loss}, CPython ${expected50}`);
    await page.screenshot({ path: path.join(shots, "desktop-after.png"), fullPage: true });
    await page.getByRole("button", { name: /^step 1:/ }).click();
    await page.waitForFunction(() => document.getElementById("explain-title").textContent
      .startsWith("Step 1"));
    await page.screenshot({ path: path.join(shots, "desktop-after-top.png") });
  });

  await test("sampling greedily from 'h' shows 'hello'", async () => {
    await page.getByLabel("Prefix", { exact: true }).fill("h");
    await page.getByRole("button", { name: "Sample", exact: true }).click();
    await page.waitForFunction(() => document.getElementById("sample").textContent !== "");
    const shown = await page.getByRole("status", { name: "Sample" }).textContent();
    check(shown === "hello", "sample " + JSON.stringify(shown));
  });

  await test("a run paused and trained on to 50 ends on the uninterrupted run's loss", async () => {
    await page.getByRole("button", { name: "Reset", exact: true }).click();
    await page.waitForFunction(() => document.getElementById("epoch").textContent === "0");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await waitForEpoch(page, 5);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await waitUntilIdle(page);
    const paused = await epochOf(page);
    check(paused < 50, "the pause came too late to test: epoch " + paused);
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await waitForEpoch(page, 50);
    await waitUntilIdle(page);
    const resumed = await lossOf(page);
    check(resumed === uninterrupted, `${resumed}, uninterrupted ${uninterrupted}`);  // every bit
  });

  await test("Step adds exactly one epoch", async () => {
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await waitForEpoch(page, 51);
    await waitUntilIdle(page);
    check(await epochOf(page) === 51, "epoch " + (await epochOf(page)));
    const loss = Number(await lossOf(page));
    check(Math.abs(loss - expected51) <= 1e-12, `loss ${loss}, CPython ${expected51}`);
  });

  await test("a bad learning rate shows one line and leaves the model untouched", async () => {
    for (const bad of ["-1", "abc"]) {
      const before = await lossOf(page), epoch = await epochOf(page);
      await typeInto(page, "Learning rate", bad);
      await page.getByRole("button", { name: "Step", exact: true }).click();
      await page.waitForFunction(() => document.getElementById("lr-error").textContent !== "");
      const message = await page.locator("#lr-error").textContent();
      check(message.includes("learning_rate") && !message.includes("\n"), "message " + message);
      check(await epochOf(page) === epoch && (await lossOf(page)) === before, "the model changed");
    }
    await typeInto(page, "Learning rate", "0.1");
  });

  await test("a bad model file shows one line and leaves the model untouched", async () => {
    const before = await lossOf(page), epoch = await epochOf(page);
    await page.locator("#load").setInputFiles({ name: "bad.json", mimeType: "application/json",
                                                buffer: Buffer.from("{bad") });
    await page.waitForFunction(() => document.getElementById("load-error").textContent !== "");
    const message = await page.locator("#load-error").textContent();
    check(message.includes("bad.json") && !message.includes("\n"), "message " + message);
    check(await epochOf(page) === epoch && (await lossOf(page)) === before, "the model changed");
  });

  await test("a saved model loads back and predicts as before", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Save model", exact: true }).click();
    const saved = path.join(shots, "saved-model.json");
    await (await download).saveAs(saved);
    const reloaded = cpython(`TinyRNN.load(${JSON.stringify(saved)}).generate('h', 4)`);
    check(reloaded === "hello", "CPython reads the saved file as " + reloaded);
    await page.locator("#load").setInputFiles(saved);
    await page.waitForFunction(() => document.getElementById("epoch").textContent === "0");
    await page.getByRole("button", { name: "Sample", exact: true }).click();
    check(await page.locator("#sample").textContent() === "hello", "sample after load");
  });

  await test("the address's hash round-trips the settings", async () => {
    await typeInto(page, "Hidden units", "8");
    await typeInto(page, "Seed", "3");
    await page.waitForFunction(() => location.hash.includes("seed=3"));
    const hash = await page.evaluate(() => location.hash);
    check(hash.includes("hidden=8"), "hash " + hash);
    const again = await openPage({ viewport: { width: 1280, height: 900 } }, hash);
    check(await again.page.getByLabel("Hidden units", { exact: true }).inputValue() === "8", "hidden");
    check(await again.page.getByLabel("Seed", { exact: true }).inputValue() === "3", "seed");
    await again.context.close();
  });

  await test("a long text trains without freezing the page and pauses within an epoch", async () => {
    await page.getByLabel("Texts", { exact: true }).selectOption("rhymes");
    await page.waitForFunction(() => document.getElementById("recipe-note").textContent
      .includes("text"), null, { timeout: 60000 });
    await page.waitForFunction(() => document.getElementById("hidden").value === "32");
    await page.waitForFunction(() => document.getElementById("epoch").textContent === "0");
    await waitUntilIdle(page);
    await page.evaluate(() => { window.longTasks = []; });
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await waitForEpoch(page, 1, 180000);
    await waitForEpoch(page, 2, 180000);
    const atPause = await epochOf(page);
    const long = await page.evaluate(() => window.longTasks.filter((d) => d > 200)); // training
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await waitUntilIdle(page);
    check(await epochOf(page) <= atPause + 1, `paused at ${atPause}, stopped at ${await epochOf(page)}`);
    check(long.length === 0, "main-thread tasks over 200 ms: " + long.join(", "));
    check((await page.locator("#curve-note").textContent()).includes("held-out"), "no held-out line");
  });

  await desktop.context.close();

  await test("a 360 px wide phone has no horizontal scroll, before and after training", async () => {
    const phone = await openPage({ viewport: { width: 360, height: 740 }, isMobile: true,
                                   hasTouch: true, deviceScaleFactor: 2 });
    const width = () => phone.page.evaluate(() => document.documentElement.scrollWidth);
    check(await width() <= 360, "scroll width " + (await width()));
    await phone.page.screenshot({ path: path.join(shots, "phone-before.png"), fullPage: true });
    await phone.page.getByRole("button", { name: "Train", exact: true }).click();
    await waitForEpoch(phone.page, 50);
    await waitUntilIdle(phone.page);
    await phone.page.getByRole("button", { name: /^step 1:/ }).click();
    await phone.page.waitForFunction(() => document.getElementById("explain").textContent !== "");
    check(await width() <= 360, "scroll width after training " + (await width()));
    await phone.page.screenshot({ path: path.join(shots, "phone-after.png"), fullPage: true });
    await phone.context.close();
  });
} finally {
  await browser.close();
  server.kill();
}

const failed = results.filter(([, error]) => error !== null);
console.log(`${results.length - failed.length} passed, ${failed.length} failed; screenshots in ${shots}`);
process.exit(failed.length || results.length === 0 ? 1 : 0);
