// The playground page: controls, pictures, and the conversation with the worker, which runs
// tinyrnn.py in Pyodide. Every number drawn here comes from tinyrnn's public API (page.py).

const $ = (id) => document.getElementById(id);

// --- talking to the worker: ask(request) answers with page.py's reply ------------------------

const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
const waiting = new Map();
let nextId = 0;

function ask(request) {
  return new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    worker.postMessage({ id, request });
  });
}

worker.onmessage = (event) => {
  const data = event.data;
  if (data.loading) $("status").textContent = data.loading;
  if (data.failed) $("status").textContent = "Python did not load: " + data.failed;
  if (data.id !== undefined) {
    waiting.get(data.id)(data.answer);
    waiting.delete(data.id);
  }
};

// --- the controls and the settings they hold -------------------------------------------------

const SHAPING = ["text", "hidden", "seed", "cell"]; // a change builds a new model
const TRAINING = ["lr", "epochs", "optimizer", "seq_length", "clip", "bptt"]; // the same model
const DEFAULTS = { text: "hello", hidden: "4", seed: "", cell: "rnn", lr: "0.1", epochs: "50",
                   optimizer: "sgd", seq_length: "", clip: "", bptt: false };
const TEXTS = { hello: "hello", cat: "the cat sat on the mat. the dog sat on the log." };
const HIDDEN_FOR = { hello: "4", cat: "16", rhymes: "32" };

function settings() {
  const found = {};
  for (const name of SHAPING.concat(TRAINING)) {
    const control = $(name);
    found[name] = control.type === "checkbox" ? control.checked : control.value;
  }
  return found;
}

function show(values) {
  for (const [name, value] of Object.entries(values)) {
    const control = $(name);
    if (!control) continue;
    if (control.type === "checkbox") control.checked = value === true || value === "true";
    else control.value = value;
  }
}

// tinyrnn's messages begin with the name of what they refuse: that names the control
const CONTROL_OF = [["learning_rate", "lr"], ["seq_length", "seq_length"], ["clip", "clip"],
                    ["hidden_size", "hidden"], ["seed", "seed"], ["text", "text"],
                    ["Epochs", "epochs"], ["vocab", "text"]];

function showError(message, fallback) {
  clearErrors();
  let where = fallback;
  for (const [start, control] of CONTROL_OF) {
    if (message.startsWith(start)) where = control + "-error";
  }
  $(where).textContent = message;
}

function clearErrors() {
  for (const element of document.querySelectorAll(".error")) element.textContent = "";
}

// --- the address: the settings live in the hash, so a link reopens the same setup ----------

function writeHash() {
  const values = settings();
  const chosen = $("texts").value;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (name === "text" && chosen !== "own") params.set("texts", chosen);
    else if (String(value) !== String(DEFAULTS[name])) params.set(name, value);
  }
  history.replaceState(null, "", "#" + params.toString());
}

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const given = {};
  for (const name of Object.keys(DEFAULTS)) {
    if (params.has(name)) given[name] = params.get(name);
  }
  const values = Object.assign({}, DEFAULTS, given);
  const chosen = params.get("texts") || (params.has("text") ? "own" : "hello");
  return { values, given, chosen };
}

// --- the state of a run -----------------------------------------------------------------------

const run = { running: false, epoch: 0, curve: [], heldOut: [], baseline: null, view: null,
              selected: null, trainLength: 0 };

function setBusy(busy) {
  run.running = busy;
  $("train").disabled = busy;
  $("step").disabled = busy;
  $("reset").disabled = busy;
  $("pause").disabled = !busy;
}

async function build() {
  clearErrors();
  const answer = await ask({ do: "new", settings: settings() });
  if (!answer.ok) {
    showError(answer.error, "train-error");
    return false;
  }
  run.epoch = 0;
  run.curve = [];
  run.heldOut = [];
  run.baseline = answer.baseline;
  run.trainLength = answer.split ? Math.floor(settings().text.length * 9 / 10)
                                 : settings().text.length;
  run.selected = null;
  $("explain").textContent = "";
  showView(answer);
  showReadout(null);
  drawCurve();
  writeHash();
  await refreshPictures();
  return true;
}

async function configure() {
  const values = settings();
  const changes = {};
  for (const name of TRAINING) changes[name] = values[name];
  const answer = await ask({ do: "configure", settings: changes });
  if (!answer.ok) {
    showError(answer.error, "train-error");
    return false;
  }
  clearErrors();
  writeHash();
  return true;
}

async function oneEpoch() {
  const answer = await ask({ do: "epoch" });
  if (!answer.ok) {
    showError(answer.error, "train-error");
    return false;
  }
  run.epoch = answer.epoch;
  run.curve.push(answer.per_char / Math.LN2); // bits per character
  if (answer.held_out_bits !== undefined && answer.held_out_bits !== null) {
    run.heldOut.push(answer.held_out_bits);
  }
  showView(answer);
  showReadout(answer);
  drawCurve();
  return true;
}

async function train() {
  if (run.running || !(await configure())) return;
  const epochs = Number($("epochs").value);
  const target = run.epoch >= epochs ? run.epoch + epochs : epochs;
  setBusy(true);
  while (run.running && run.epoch < target) {
    if (!(await oneEpoch())) break;
  }
  setBusy(false);
  await refreshPictures();
}

async function step() {
  if (run.running || !(await configure())) return;
  setBusy(true);
  await oneEpoch();
  setBusy(false);
  await refreshPictures();
}

function pause() {
  run.running = false; // takes effect when the epoch under way ends
}

async function refreshPictures() {
  await Promise.all([explainSelected(), drawUnits(), drawNorms()]);
}

// --- the numbers under the buttons ------------------------------------------------------------

function showReadout(answer) {
  $("epoch").textContent = String(run.epoch);
  if (answer === null) {
    $("loss").textContent = "-";
    $("loss").dataset.value = "";
    $("per-char").textContent = "";
    return;
  }
  $("loss").textContent = answer.loss.toFixed(4);
  $("loss").dataset.value = String(answer.loss);
  let line = `(${(answer.per_char / Math.LN2).toFixed(3)} bits per character`;
  if (answer.held_out_bits === null) line += ", held out: infinite, a held-out character " +
                                             "was given probability 0";
  else if (answer.held_out_bits !== undefined) {
    line += `, held out ${answer.held_out_bits.toFixed(3)}`;
  }
  $("per-char").textContent = line + ")";
}

// --- the network, unrolled: one column per step -----------------------------------------------

function shade(value) {
  const strength = Math.min(1, Math.abs(value));
  return value >= 0 ? `rgba(42, 93, 176, ${strength})` : `rgba(200, 40, 40, ${strength})`;
}

function shown(ch) {
  return ch === "\n" ? "\\n" : ch === " " ? "\u2423" : ch;
}

function showView(view) {
  // One string for every column, set at once: the page stays quick with long texts
  run.view = view;
  $("unrolled").innerHTML = view.steps.map((s, t) => {
    const x = view.vocab.split("").map((_, j) => (j === s.x ? 1 : 0));
    return `<button type="button" class="step" data-step="${t}" ` +
      `aria-pressed="${run.selected === t}" aria-label="step ${t}: input ` +
      `${escapeHtml(shown(s.char))}, target ${escapeHtml(shown(view.vocab[s.target]))}, loss ` +
      `${s.loss.toFixed(3)}"><span class="label">step ${t}</span>` +
      `<span class="char">${escapeHtml(shown(s.char))}</span>` +
      `<span class="label">x</span>` + cells(x, (v, j) => `x[${j}] = ${v}`) +
      `<span class="label">h</span>` + cells(s.h, (v, i) => `h[${i}] = ${v.toFixed(6)}`) +
      `<span class="label">y_pred</span>` + bars(s.y_pred, view.vocab, s.target) +
      `<span class="steploss" title="-log y_pred[target]">${s.loss.toFixed(3)}</span></button>`;
  }).join("");
}

function cells(values, title) {
  return `<span class="cells">` + values.map((v, i) =>
    `<span class="cell" style="background:${shade(v)}" title="${title(v, i)}"></span>`).join("") +
    `</span>`;
}

function bars(probs, vocab, target) {
  // Every character's bar; over 12 characters, the five likeliest and the target
  const ranked = probs.map((p, j) => j).sort((i, j) => probs[j] - probs[i]);
  const shownBars = probs.length <= 12 ? ranked.slice().sort((i, j) => i - j)
    : ranked.slice(0, 5).concat(ranked.slice(0, 5).includes(target) ? [] : [target]);
  return `<span class="bars">` + shownBars.map((j) => [probs[j], j]).map(([p, j]) =>
    `<span class="bar${j === target ? " target" : ""}" title="y_pred[${j}] = ${p.toFixed(6)}` +
    ` (next ${escapeHtml(shown(vocab[j]))})"><span>${escapeHtml(shown(vocab[j]))}</span>` +
    `<span class="fill" style="width:${Math.round(p * 40)}px"></span></span>`).join("") +
    `</span>`;
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
             .replace(/"/g, "&quot;");
}

async function select(t) {
  run.selected = t;
  for (const [i, column] of [...$("unrolled").children].entries()) {
    column.setAttribute("aria-pressed", String(i === t));
  }
  await explainSelected();
}

async function explainSelected() {
  if (run.selected === null || run.running) return;
  const answer = await ask({ do: "explain", t: run.selected });
  if (!answer.ok) {
    $("explain").textContent = answer.error;
    return;
  }
  $("explain-title").textContent = `Step ${answer.step} after ${run.epoch} epochs: ` +
    `explain_step's every multiply-add, forward and back.`;
  $("explain").textContent = answer.lines.join("\n");
}

// --- the loss curve: bits per character; log scale when it spans a decade -----------------------

function drawCurve() {
  const lines = [{ values: run.curve, color: "#2a5db0", name: "training text" }];
  if (run.heldOut.length) lines.push({ values: run.heldOut, color: "#e07000", name: "held out" });
  const all = lines.flatMap((line) => line.values);
  if (run.baseline !== null) all.push(run.baseline);
  const svg = $("loss-chart");
  if (!run.curve.length) {
    svg.innerHTML = `<text x="300" y="110" text-anchor="middle" fill="#777">` +
                    `Press Train or Step: the loss of each epoch appears here</text>`;
    $("curve-note").textContent = "";
    return;
  }
  const low = Math.min(...all), high = Math.max(...all);
  const log = low > 0 && high / low >= 10;
  const f = log ? Math.log10 : (v) => v;
  const bottom = log ? f(low) : 0, top = f(high) === bottom ? bottom + 1 : f(high);
  const x = (i, n) => 50 + (n <= 1 ? 0 : (i * 530) / (n - 1));
  const y = (v) => 200 - ((f(v) - bottom) / (top - bottom)) * 180;
  let parts = `<line x1="50" y1="200" x2="580" y2="200" stroke="#999"/>` +
    `<line x1="50" y1="20" x2="50" y2="200" stroke="#999"/>` +
    `<text x="46" y="24" text-anchor="end" font-size="11">${high.toPrecision(3)}</text>` +
    `<text x="46" y="200" text-anchor="end" font-size="11">${(log ? low : 0).toPrecision(3)}` +
    `</text><text x="315" y="216" text-anchor="middle" font-size="11">epoch ` +
    `(${run.curve.length} so far)</text>`;
  for (const line of lines) {
    const points = line.values.map((v, i) => `${x(i, line.values.length)},${y(v)}`).join(" ");
    parts += `<polyline fill="none" stroke="${line.color}" stroke-width="2" points="${points}"/>`;
  }
  if (run.baseline !== null) {
    parts += `<line x1="50" x2="580" y1="${y(run.baseline)}" y2="${y(run.baseline)}" ` +
             `stroke="#0a0" stroke-dasharray="6 4"/>`;
  }
  svg.innerHTML = parts;
  let note = "Bits per character on the training text (blue)";
  if (run.heldOut.length) note += ", on the held-out last tenth (orange)";
  if (run.baseline !== null) {
    note += `; dashed: the bigram count model's held-out ${run.baseline.toFixed(3)}, the line ` +
            "to beat";
  }
  $("curve-note").textContent = note + (log ? ". Log scale." : ".");
}

// --- what the units do: a heat map under the first line ----------------------------------------

async function drawUnits() {
  const answer = await ask({ do: "units" });
  if (!answer.ok) return;
  run.units = answer;
  const chars = answer.line.split("");
  const units = answer.h.length ? answer.h[0].length : 0;
  const canvas = $("heatmap-canvas"), size = 16, left = 56, top = 18;
  canvas.width = left + chars.length * size;
  canvas.height = top + units * size;
  const draw = canvas.getContext("2d");
  draw.clearRect(0, 0, canvas.width, canvas.height);
  draw.font = "11px monospace";
  draw.textAlign = "center";
  draw.fillStyle = "#1d1d1f";
  chars.forEach((ch, t) => draw.fillText(shown(ch), left + t * size + size / 2, 12));
  draw.textAlign = "right";
  for (let unit = 0; unit < units; unit++) {
    draw.fillStyle = "#1d1d1f";
    draw.fillText(`unit ${unit}`, left - 4, top + unit * size + 11);
    answer.h.forEach((h, t) => {
      draw.fillStyle = shade(h[unit]);
      draw.fillRect(left + t * size, top + unit * size, size - 1, size - 1);
    });
  }
  canvas.setAttribute("aria-label", `Each of ${units} hidden units' activation after each ` +
                      `character of "${answer.line}"`);
  $("strongest").textContent = answer.strongest.map((s) =>
    `unit ${s.unit} follows "${s.feature}" best (correlation ${s.r.toFixed(2)})`).join("; ");
}

function unitUnderPointer(event) {
  // The value under the pointer in the heat map, in the line below it
  const answer = run.units, canvas = $("heatmap-canvas");
  if (!answer) return;
  const box = canvas.getBoundingClientRect();
  const x = (event.clientX - box.left) * canvas.width / box.width;
  const y = (event.clientY - box.top) * canvas.height / box.height;
  const t = Math.floor((x - 56) / 16), unit = Math.floor((y - 18) / 16);
  if (t < 0 || unit < 0 || t >= answer.h.length || unit >= answer.h[0].length) return;
  $("unit-value").textContent = `h[${unit}] after "${shown(answer.line[t])}" (character ` +
                                `${t}): ${answer.h[t][unit].toFixed(4)}`;
}

// --- vanishing gradients: gradient_norms, log scale ---------------------------------------------

async function drawNorms() {
  const answer = await ask({ do: "norms", scale: $("scale").value });
  if (!answer.ok) {
    $("norms-error").textContent = answer.error;
    return;
  }
  $("norms-error").textContent = "";
  const norms = answer.norms.map((v) => Math.max(v, 1e-300));
  const logs = norms.map(Math.log10);
  const low = Math.min(...logs), high = Math.max(...logs);
  const span = high - low || 1;
  const n = norms.length, width = 530 / n;
  let parts = `<line x1="50" y1="200" x2="580" y2="200" stroke="#999"/>` +
    `<text x="46" y="24" text-anchor="end" font-size="11">${(10 ** high).toExponential(1)}` +
    `</text><text x="46" y="200" text-anchor="end" font-size="11">` +
    `${(10 ** low).toExponential(1)}</text>` +
    `<text x="315" y="216" text-anchor="middle" font-size="11">step (the last on the right)` +
    `</text>`;
  norms.forEach((v, t) => {
    const h = 10 + ((logs[t] - low) / span) * 170;
    parts += `<rect x="${50 + t * width}" y="${200 - h}" width="${Math.max(1, width - 2)}" ` +
             `height="${h}" fill="#2a5db0"><title>step ${t}: ${v.toExponential(2)}</title></rect>`;
  });
  $("norms-chart").innerHTML = parts;
}

// --- sampling ----------------------------------------------------------------------------------

async function sample() {
  const answer = await ask({ do: "sample", prefix: $("prefix").value,
                             temperature: $("temperature").value, seed: $("seed").value });
  if (!answer.ok) {
    $("sample-error").textContent = answer.error;
    return;
  }
  $("sample-error").textContent = "";
  $("sample").textContent = answer.sample;
  $("next").textContent = "Likeliest next characters after the prefix: " + answer.next.map(
    ([ch, p]) => `${shown(ch)} ${(p * 100).toFixed(1)}%`).join(", ");
}

// --- save and load --------------------------------------------------------------------------------

async function save() {
  const answer = await ask({ do: "save" });
  if (!answer.ok) {
    $("load-error").textContent = answer.error;
    return;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([answer.json], { type: "application/json" }));
  link.download = "tinyrnn-model.json";
  link.click();
  URL.revokeObjectURL(link.href);
}

async function load(file) {
  const answer = await ask({ do: "load", text: await file.text(), name: file.name });
  if (!answer.ok) {
    $("load-error").textContent = answer.error;
    return;
  }
  $("load-error").textContent = "";
  show({ hidden: String(answer.hidden), cell: answer.cell });
  run.epoch = 0;
  run.curve = [];
  run.heldOut = [];
  showView(answer);
  showReadout(null);
  drawCurve();
  writeHash();
  await refreshPictures();
}

// --- choosing a text: a long one trains with the command line's text recipe --------------------

let rhymes = null;

async function textFor(choice) {
  if (choice === "rhymes") {
    if (rhymes === null) rhymes = await (await fetch("../examples/rhymes.txt")).text();
    return rhymes;
  }
  return TEXTS[choice];
}

async function applyRecipe() {
  const answer = await ask({ do: "recipe", text: $("text").value });
  if (!answer.ok) return;
  const long = answer.recipe === "text";
  if (long !== (run.recipe === "text")) {
    show({ lr: answer.lr, bptt: answer.bptt, optimizer: answer.optimizer,
           seq_length: answer.seq_length, clip: answer.clip });
  }
  run.recipe = answer.recipe;
  $("recipe-note").textContent = long
    ? `Over ${answer.long_text} characters: the command line's "text" recipe (chunks of ` +
      `${answer.seq_length} steps, BPTT, Adagrad, learning rate ${answer.lr}, clip ` +
      `${answer.clip}), and the last tenth held out.`
    : `The notebook's recipe: the whole text per update, SGD, learning rate ${answer.lr}.`;
}

async function chooseText() {
  const choice = $("texts").value;
  if (choice === "own") return;
  show({ text: await textFor(choice), hidden: HIDDEN_FOR[choice] });
  await applyRecipe();
  await build();
}

let typing = null;

function textTyped() {
  $("texts").value = "own";
  clearTimeout(typing);
  typing = setTimeout(async () => {
    await applyRecipe();
    await build();
  }, 600);
}

// --- wiring ------------------------------------------------------------------------------------

async function startPage() {
  const { values, given, chosen } = readHash();
  $("texts").value = chosen;
  if (chosen !== "own") values.text = await textFor(chosen);
  show(values);
  setBusy(false);
  run.recipe = "notebook"; // the defaults' recipe: a long text switches to the text recipe
  await applyRecipe();
  show(given); // what the address names wins over the recipe
  if (!(await build())) {
    $("status").textContent = "Ready, but the settings in the address were refused (see below).";
    return;
  }
  $("prefix").value = values.text[0];
  $("status").textContent = "Ready: tinyrnn.py is running in this page.";
  document.body.dataset.ready = "true";
}

$("unrolled").addEventListener("click", (event) => {
  const column = event.target.closest(".step");
  if (column) select(Number(column.dataset.step));
});
$("train").addEventListener("click", train);
$("pause").addEventListener("click", pause);
$("step").addEventListener("click", step);
$("reset").addEventListener("click", () => { if (!run.running) build(); });
$("texts").addEventListener("change", chooseText);
$("text").addEventListener("input", textTyped);
for (const name of ["hidden", "seed", "cell"]) {
  $(name).addEventListener("change", () => { if (!run.running) build(); });
}
for (const name of TRAINING) {
  $(name).addEventListener("change", () => { if (!run.running) configure(); });
}
$("sample-button").addEventListener("click", sample);
$("temperature").addEventListener("input", () => {
  const t = Number($("temperature").value);
  $("temperature-value").textContent = t === 0 ? "0 (greedy)" : String(t);
});
let scaling = null;
$("scale").addEventListener("input", () => {
  $("scale-value").textContent = $("scale").value;
  clearTimeout(scaling);
  scaling = setTimeout(drawNorms, 150);
});
$("heatmap-canvas").addEventListener("mousemove", unitUnderPointer);
$("save").addEventListener("click", save);
$("load").addEventListener("change", (event) => {
  if (event.target.files.length) load(event.target.files[0]);
  event.target.value = "";
});

startPage();
