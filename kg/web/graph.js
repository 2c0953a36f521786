// Standalone graph view: force layout (spatial-hash repulsion, so thousands of nodes stay
// fluid), pan and zoom, a legend by type, search, and a panel with a node's attributes.
// Deterministic: initial positions come from node order, not from Math.random.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const N = data.nodes.length, E = data.edges;
  const canvas = document.getElementById("view"), ctx = canvas.getContext("2d");
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  const types = [...new Set(data.nodes.map((n) => n.type || "(untyped)"))].sort();
  const colour = Object.fromEntries(types.map((t, i) => [t, palette[i % palette.length]]));
  const hidden = new Set();
  const deg = new Array(N).fill(0);
  for (const [s, o] of E) { deg[s]++; deg[o]++; }
  const x = new Float64Array(N), y = new Float64Array(N), vx = new Float64Array(N), vy = new Float64Array(N);
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < N; i++) { const r = 12 * Math.sqrt(i + 1); x[i] = r * Math.cos(i * golden); y[i] = r * Math.sin(i * golden); }
  let scale = Math.min(1, 400 / (12 * Math.sqrt(N + 1))), ox = 0, oy = 0, selected = -1, ticks = 0, matches = new Set();
  document.getElementById("stats").textContent = `${N} nodes, ${E.length} edges`;

  function resize() { canvas.width = innerWidth; canvas.height = innerHeight; draw(); }
  function visible(i) { return !hidden.has(data.nodes[i].type || "(untyped)"); }

  function step() {
    const cell = 30, grid = new Map();
    for (let i = 0; i < N; i++) {
      if (!visible(i)) continue;
      const k = Math.floor(x[i] / cell) + "," + Math.floor(y[i] / cell);
      (grid.get(k) || grid.set(k, []).get(k)).push(i);
    }
    for (const [k, members] of grid) {
      const [cx, cy] = k.split(",").map(Number);
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
        const other = grid.get((cx + dx) + "," + (cy + dy));
        if (!other) continue;
        for (const i of members) for (const j of other) {
          if (j <= i) continue;
          let ddx = x[i] - x[j], ddy = y[i] - y[j], d2 = ddx * ddx + ddy * ddy + 0.01;
          if (d2 > cell * cell * 4) continue;
          const f = 60 / d2;
          vx[i] += ddx * f; vy[i] += ddy * f; vx[j] -= ddx * f; vy[j] -= ddy * f;
        }
      }
    }
    for (const [s, o] of E) {
      if (!visible(s) || !visible(o)) continue;
      const ddx = x[o] - x[s], ddy = y[o] - y[s], d = Math.sqrt(ddx * ddx + ddy * ddy) + 0.01;
      const f = (d - 25) * 0.02 / d;
      vx[s] += ddx * f; vy[s] += ddy * f; vx[o] -= ddx * f; vy[o] -= ddy * f;
    }
    for (let i = 0; i < N; i++) {
      vx[i] -= x[i] * 0.0005; vy[i] -= y[i] * 0.0005;
      x[i] += Math.max(-10, Math.min(10, vx[i])); y[i] += Math.max(-10, Math.min(10, vy[i]));
      vx[i] *= 0.5; vy[i] *= 0.5;
    }
  }

  function sx(i) { return canvas.width / 2 + (x[i] + ox) * scale; }
  function sy(i) { return canvas.height / 2 + (y[i] + oy) * scale; }

  function draw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "rgba(120,120,120,.35)";
    ctx.beginPath();
    for (const [s, o] of E) {
      if (!visible(s) || !visible(o)) continue;
      ctx.moveTo(sx(s), sy(s)); ctx.lineTo(sx(o), sy(o));
    }
    ctx.stroke();
    for (let i = 0; i < N; i++) {
      if (!visible(i)) continue;
      const r = Math.max(2, Math.min(12, 2 + Math.sqrt(deg[i]))) * Math.sqrt(scale);
      ctx.fillStyle = colour[data.nodes[i].type || "(untyped)"];
      ctx.beginPath(); ctx.arc(sx(i), sy(i), r, 0, 2 * Math.PI); ctx.fill();
      if (i === selected || matches.has(i)) { ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.stroke(); ctx.lineWidth = 1; ctx.strokeStyle = "rgba(120,120,120,.35)"; }
      if (scale > 1.5 || i === selected || matches.has(i)) {
        ctx.fillStyle = "#222"; ctx.fillText(String(data.nodes[i].label).slice(0, 40), sx(i) + r + 2, sy(i) + 3);
      }
    }
  }

  function loop() { if (ticks < 400) { step(); ticks++; draw(); requestAnimationFrame(loop); } }

  function nodeAt(px, py) {
    let best = -1, bd = 100;
    for (let i = 0; i < N; i++) {
      if (!visible(i)) continue;
      const d = (sx(i) - px) ** 2 + (sy(i) - py) ** 2;
      if (d < bd) { bd = d; best = i; }
    }
    return best;
  }

  function show(i) {
    selected = i;
    const info = document.getElementById("info");
    if (i < 0) { info.style.display = "none"; draw(); return; }
    const n = data.nodes[i];
    const rows = Object.entries(n.attrs).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(String(v))}</td></tr>`).join("");
    const links = E.filter(([s, o]) => s === i || o === i).slice(0, 50)
      .map(([s, o, p]) => `<tr><td>${s === i ? esc(p) + " →" : "← " + esc(p)}</td><td>${esc(String(data.nodes[s === i ? o : s].label))}</td></tr>`).join("");
    info.innerHTML = `<b>${esc(String(n.label))}</b><table>${rows}${links}</table>`;
    info.style.display = "block";
    draw();
  }
  function esc(s) { return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c])); }

  const legend = document.getElementById("legend");
  for (const t of types) {
    const label = document.createElement("label");
    const box = document.createElement("input"); box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", () => { if (box.checked) hidden.delete(t); else hidden.add(t); draw(); });
    const dot = document.createElement("i"); dot.style.background = colour[t];
    label.append(box, dot, `${t} (${data.nodes.filter((n) => (n.type || "(untyped)") === t).length})`);
    legend.append(label);
  }

  let drag = null;
  canvas.addEventListener("mousedown", (e) => { drag = [e.clientX, e.clientY, ox, oy, false]; });
  addEventListener("mousemove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag[0], dy = e.clientY - drag[1];
    if (Math.abs(dx) + Math.abs(dy) > 3) drag[4] = true;
    ox = drag[2] + dx / scale; oy = drag[3] + dy / scale; draw();
  });
  addEventListener("mouseup", (e) => { if (drag && !drag[4]) show(nodeAt(e.clientX, e.clientY)); drag = null; });
  canvas.addEventListener("wheel", (e) => { e.preventDefault(); scale *= e.deltaY < 0 ? 1.15 : 1 / 1.15; draw(); }, { passive: false });
  document.getElementById("search").addEventListener("input", (e) => {
    const q = e.target.value.trim().toLowerCase();
    matches = new Set();
    if (q) data.nodes.forEach((n, i) => { if (String(n.label).toLowerCase().includes(q) || n.id.toLowerCase().includes(q)) matches.add(i); });
    if (matches.size === 1) { const i = [...matches][0]; ox = -x[i]; oy = -y[i]; show(i); } else draw();
  });
  addEventListener("resize", resize);
  resize();
  loop();
  window.graphView = { nodes: N, edges: E.length, show, find: (id) => data.nodes.findIndex((n) => n.id === id) };
})();
