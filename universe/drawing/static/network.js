// Draw a universe graph with vis-network. Shared by the Streamlit component and the standalone
// HTML export. Story strings arrive as data: they reach the page through textContent (tooltips,
// legend, search) or the canvas (labels), never as markup.
//
// Labels are painted here, not by vis-network: in screen pixels (12-18 px by importance, whatever
// the zoom), the most central first, each placed below, above, right or left of its node where it
// overlaps no label already placed, so no two labels ever overlap. The most central are always
// labelled; the rest once zooming gives their node room, or on hover and search.

const LABEL_MIN = 12;
const LABEL_MAX = 18;
const LABEL_ZOOMED = 9;  // a node drawn at least this radius (px) on screen gets its label
const PLAY_STEP = 1400;  // ms per story point during playback

function networkTooltip(lines) {
  const box = document.createElement("div");
  box.className = "universe-tooltip";
  lines.forEach((line, index) => {
    const row = document.createElement(index === 0 ? "strong" : "div");
    row.textContent = String(line);
    box.appendChild(row);
  });
  return box;
}

function networkKey(text) {
  return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[\s\-_'.·]+/g, "");
}

function networkElement(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function drawNetwork(vis, container, data, handlers) {
  const withTips = (items) => items.map((item) => Object.assign({}, item, { title: networkTooltip(item.info || []) }));
  const marked = (node) => (node.focus && handlers.textColour)
    ? Object.assign({}, node, { color: Object.assign({}, node.color, { border: handlers.textColour }) })
    : node;
  const baseNodes = data.nodes.map(marked);
  const nodes = new vis.DataSet(withTips(baseNodes));
  const edges = new vis.DataSet(withTips(data.edges));
  const options = JSON.parse(JSON.stringify(data.options));
  const textColour = handlers.textColour || "#1f2328";
  const background = handlers.background || "#ffffff";
  options.nodes.font.color = textColour;
  options.edges.font.color = textColour;
  options.nodes.font.strokeColor = background;
  options.edges.font.strokeColor = background;
  options.nodes.scaling = { label: { drawThreshold: 100000 } };  // labels are painted below
  const network = new vis.Network(container, { nodes, edges }, options);
  const state = {
    network, nodes, edges, ready: false, count: data.nodes.length, labels: [], hovered: null, found: [], cursor: 0,
    frame: null, playback: null, applied: new Map(),
    base: new Map(baseNodes.map((node) => [node.id, node])),
    baseEdges: new Map(data.edges.map((edge) => [edge.id, edge])),
    always: Math.min(data.nodes.length, Math.max(8, Math.round(2 * Math.sqrt(data.nodes.length)))),
    textColour, background,
  };
  state.byRank = baseNodes.slice().sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  container.dataset.nodes = String(data.nodes.length);
  container.dataset.edges = String(data.edges.length);
  container.dataset.ready = "false";
  const holder = container.parentNode;
  const added = [networkToolbar(state, data)];
  holder.insertBefore(added[0], container);
  if (data.legend && data.legend.length) {
    added.push(networkLegend(data.legend));
    holder.insertBefore(added[1], container.nextSibling);
  }
  state.baseEdges.forEach((edge, id) => state.applied.set("edge:" + id, JSON.stringify([networkOpacity(edge), false])));
  state.dispose = () => {
    networkPause(state);
    added.forEach((element) => element.remove());
    container.removeEventListener("mouseleave", leave);
    network.destroy();
  };
  network.on("click", (event) => {
    if (event.nodes.length && handlers.onNode) handlers.onNode(event.nodes[0]);
  });
  network.on("hoverNode", (event) => {
    container.style.cursor = handlers.onNode ? "pointer" : "default";
    state.hovered = event.node;
    networkRestyle(state);
  });
  network.on("blurNode", () => {
    container.style.cursor = "default";
    state.hovered = null;
    networkRestyle(state);
  });
  const leave = () => {  // vis-network blurs only on a move inside the canvas
    if (state.hovered === null) return;
    state.hovered = null;
    networkRestyle(state);
  };
  container.addEventListener("mouseleave", leave);
  network.on("afterDrawing", (ctx) => networkLabels(state, ctx));
  const ready = () => {
    state.ready = true;
    container.dataset.ready = "true";
    if (data.playback) networkPlay(state, data.playback.start, data.playback.autoplay);
    if (handlers.onReady) handlers.onReady(state);
  };
  if (options.physics && options.physics.enabled) {
    // Let nodes settle once, then hold them still: positions stay put for clicks and dragging.
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", ready);
      network.fit({ animation: false });
    });
  } else {
    network.once("afterDrawing", ready);
  }
  return state;
}

// -- what is highlighted: the hovered node and its neighbours, or the search matches ------------

function networkHighlight(state) {
  const net = state.network;
  if (state.hovered !== null && state.base.has(state.hovered)) {
    return new Set([state.hovered, ...net.getConnectedNodes(state.hovered)]);
  }
  if (state.found.length) {
    const shown = new Set(state.found);
    state.found.forEach((id) => net.getConnectedNodes(id).forEach((other) => shown.add(other)));
    return shown;
  }
  return null;
}

function networkRestyle(state) {
  const highlight = networkHighlight(state);
  state.highlight = highlight;
  const frame = state.frame;
  const nodeUpdates = [];
  state.base.forEach((node, id) => {
    let color = node.color;
    let hidden = false;
    if (frame) {
      if (!(id in frame.nodes)) hidden = true;
      else if (frame.nodes[id]) color = typeof color === "string" ? frame.nodes[id] : Object.assign({}, color, { background: frame.nodes[id] });
    }
    const opacity = highlight && !highlight.has(id) ? 0.18 : 1;
    const key = JSON.stringify([color, hidden, opacity]);
    if (state.applied.get(id) !== key) {
      state.applied.set(id, key);
      nodeUpdates.push({ id, color, hidden, opacity });
    }
  });
  const edgeUpdates = [];
  state.baseEdges.forEach((edge, id) => {
    const colour = typeof edge.color === "string" ? edge.color : edge.color.color;
    let opacity = networkOpacity(edge);
    let hidden = false;
    if (frame) {  // at an earlier point, an edge holds (opaque), has ended (faded) or is not yet there
      if (!(id in frame.edges)) hidden = true;
      else opacity = frame.edges[id] ? 1 : 0.35;
    }
    if (highlight && !(highlight.has(edge.from) && highlight.has(edge.to) && (state.hovered === null || edge.from === state.hovered || edge.to === state.hovered))) {
      opacity = Math.min(opacity, 0.08);
    }
    const key = JSON.stringify([opacity, hidden]);
    if (state.applied.get("edge:" + id) !== key) {
      state.applied.set("edge:" + id, key);
      edgeUpdates.push({ id, hidden, color: { color: colour, highlight: colour, hover: colour, opacity } });
    }
  });
  if (nodeUpdates.length) state.nodes.update(nodeUpdates);
  if (edgeUpdates.length) state.edges.update(edgeUpdates);
  state.network.redraw();
}

function networkOpacity(edge) {
  return typeof edge.color === "string" ? 1 : (edge.color.opacity ?? 1);
}

// -- labels ------------------------------------------------------------------------------------

function networkLabels(state, ctx) {
  const net = state.network;
  const container = net.body.container;
  const width = container.clientWidth;
  const height = container.clientHeight;
  const scale = net.getScale();
  const ratio = (net.canvas && net.canvas.pixelRatio) || window.devicePixelRatio || 1;
  const highlight = state.highlight || null;
  const frame = state.frame;
  const special = [];
  if (state.hovered !== null && state.base.has(state.hovered)) special.push(state.hovered);
  state.found.forEach((id) => special.push(id));
  state.base.forEach((node, id) => { if (node.focus) special.push(id); });
  const order = [...special.map((id) => state.base.get(id)), ...state.byRank.filter((node) => highlight && highlight.has(node.id)), ...state.byRank];
  const seen = new Set();
  const positions = net.getPositions();
  const placed = [];
  const discs = [];  // other nodes on screen: a label avoids covering them when it can
  state.base.forEach((node, id) => {
    if (frame && !(id in frame.nodes)) return;
    const point = net.canvasToDOM(positions[id]);
    const r = (node.size || 16) * scale + 1;
    if (point.x + r < 0 || point.y + r < 0 || point.x - r > width || point.y - r > height) return;  // off screen
    discs.push({ id, x: point.x - r, y: point.y - r, w: 2 * r, h: 2 * r });
  });
  if (!state.face) state.face = getComputedStyle(container).fontFamily || "sans-serif";
  if (!state.widths) state.widths = new Map();  // text widths, measured once per label, size and weight
  const face = state.face;
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  for (const node of order) {
    if (!node || seen.has(node.id)) continue;
    seen.add(node.id);
    if (frame && !(node.id in frame.nodes)) continue;
    if (highlight && !highlight.has(node.id)) continue;
    const isSpecial = special.includes(node.id);
    const radius = (node.size || 16) * scale;
    if (!(isSpecial || (highlight && highlight.has(node.id)) || (node.rank ?? 0) < state.always || radius >= LABEL_ZOOMED)) continue;
    const point = net.canvasToDOM(positions[node.id]);
    if (point.x < -50 || point.y < -50 || point.x > width + 50 || point.y > height + 50) continue;
    const size = Math.round(LABEL_MIN + (LABEL_MAX - LABEL_MIN) * (node.weight || 0));
    const text = String(node.label);
    ctx.font = `${isSpecial ? "700" : "500"} ${size}px ${face}`;
    const measured = `${node.id}\n${ctx.font}`;
    if (!state.widths.has(measured)) state.widths.set(measured, ctx.measureText(text).width);
    const w = state.widths.get(measured);
    const h = Math.ceil(size * 1.25);
    const gap = radius + 3;
    const corner = radius * 0.7 + 2;
    const spots = [  // beside the node, the most natural first: below, above, right, left, then slid and diagonal
      [point.x - w / 2, point.y + gap], [point.x - w / 2, point.y - gap - h],
      [point.x + gap + 2, point.y - h / 2], [point.x - gap - 2 - w, point.y - h / 2],
      [point.x - radius, point.y + gap], [point.x + radius - w, point.y + gap],
      [point.x - radius, point.y - gap - h], [point.x + radius - w, point.y - gap - h],
      [point.x + corner, point.y + corner], [point.x - corner - w, point.y + corner],
      [point.x + corner, point.y - corner - h], [point.x - corner - w, point.y - corner - h],
    ];
    const hits = (x, y, boxes) => boxes.some((box) => box.id !== node.id && x < box.x + box.w + 2 && box.x < x + w + 2 && y < box.y + box.h && box.y < y + h);
    const free = spots.filter(([x, y]) => x >= 0 && y >= 0 && x + w <= width && y + h <= height && !hits(x, y, placed));
    const spot = free.find(([x, y]) => !hits(x, y, discs)) || free[0];
    if (!spot) continue;
    const [x, y] = spot;
    ctx.lineWidth = 4;
    ctx.strokeStyle = state.background;
    ctx.strokeText(text, x, y + (h - size) / 2);
    ctx.fillStyle = state.textColour;
    ctx.fillText(text, x, y + (h - size) / 2);
    placed.push({ id: node.id, text, x, y, w, h, size });
  }
  ctx.restore();
  state.labels = placed;
}

// -- toolbar: search, zoom, fit, playback ------------------------------------------------------

function networkToolbar(state, data) {
  const bar = networkElement("div", "universe-toolbar");
  const search = networkElement("input", "universe-search");
  search.type = "search";
  search.placeholder = "Find in the graph";
  search.setAttribute("aria-label", "Find in the graph");
  const list = networkElement("datalist");
  list.id = `universe-names-${Math.random().toString(36).slice(2)}`;
  state.byRank.forEach((node) => { const option = document.createElement("option"); option.value = String(node.label); list.appendChild(option); });
  search.setAttribute("list", list.id);
  const count = networkElement("span", "universe-found", "");
  count.setAttribute("aria-live", "polite");
  const find = (jump) => {
    const wanted = networkKey(search.value);
    // the whole name first, then the end of it ("cheong san" is Lee Cheong-san before
    // Cheong-san's mother), then a start of word, then anywhere; the most central first in each
    const score = (label) => {
      const words = String(label).split(/\s+/);
      const tails = words.map((_, n) => networkKey(words.slice(n).join("")));
      if (tails[0] === wanted) return 0;
      if (tails.includes(wanted)) return 1;
      if (tails.some((tail) => tail.startsWith(wanted))) return 2;
      return tails[0].includes(wanted) ? 3 : 4;
    };
    const found = wanted.length < 2 ? [] : state.byRank
      .map((node, order) => [node.id, score(node.label), order])
      .filter(([id, rank]) => rank < 4 && (!state.frame || id in state.frame.nodes))
      .sort((a, b) => a[1] - b[1] || a[2] - b[2])
      .map(([id]) => id);
    const changed = found.join("\n") !== state.found.join("\n");
    state.found = found;
    if (changed) state.cursor = 0;
    else if (jump && found.length) state.cursor = (state.cursor + 1) % found.length;
    count.textContent = wanted.length < 2 ? "" : found.length ? `${found.length} found` : "No match";
    networkRestyle(state);
    if (found.length && (jump || changed)) {
      const id = found[state.cursor];
      state.network.selectNodes([id]);
      state.network.focus(id, { scale: Math.max(state.network.getScale(), 1), animation: false });
    } else if (!found.length) state.network.unselectAll();
    state.searched = { query: search.value, found: found.slice(), current: found.length ? found[state.cursor] : null };
  };
  search.addEventListener("input", () => find(false));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); find(true); }
    if (event.key === "Escape") { search.value = ""; find(false); }
  });
  const button = (text, label, action) => {
    const element = networkElement("button", "universe-button", text);
    element.type = "button";
    element.title = label;
    element.setAttribute("aria-label", label);
    element.addEventListener("click", action);
    return element;
  };
  const zoom = (factor) => state.network.moveTo({ scale: state.network.getScale() * factor, animation: false });
  bar.append(search, list, count,
    button("−", "Zoom out", () => zoom(1 / 1.3)),
    button("+", "Zoom in", () => zoom(1.3)),
    button("Fit", "Fit the whole graph", () => state.network.fit({ animation: false })));
  if (data.playback) bar.append(networkPlayer(state, data.playback, button));
  return bar;
}

function networkLegend(entries) {
  const legend = networkElement("div", "universe-legend");
  const sections = new Map();
  entries.forEach((entry) => {
    if (!sections.has(entry.section)) sections.set(entry.section, []);
    sections.get(entry.section).push(entry);
  });
  sections.forEach((items, section) => {
    const block = networkElement("div", "universe-legend-section");
    block.appendChild(networkElement("div", "universe-legend-title", section));
    const list = networkElement("ul");
    items.forEach((entry) => {
      const item = networkElement("li");
      const symbol = networkElement("span", "universe-legend-symbol", entry.symbol);
      if (entry.colour) symbol.style.color = entry.colour;  // a plain colour (safe_colour), set as a style property
      item.append(symbol, networkElement("span", "", entry.label));
      list.appendChild(item);
    });
    block.appendChild(list);
    legend.appendChild(block);
  });
  return legend;
}

// -- playback: the story point by point, positions fixed -----------------------------------------

function networkPlayer(state, playback, button) {
  const box = networkElement("span", "universe-player");
  const label = networkElement("span", "universe-point", "");
  label.setAttribute("aria-live", "polite");
  const play = button("▶ Play", "Play the story", () => (state.playback.playing ? networkPause(state) : networkPlay(state, state.playback.index >= playback.frames.length - 1 ? 0 : state.playback.index, true)));
  state.playback = { frames: playback.frames, index: 0, playing: false, timer: null, shown: [], label, play };
  box.append(
    button("|◀", "The first story point", () => { networkPause(state); networkShow(state, 0); }),
    button("◀", "The previous story point", () => { networkPause(state); networkShow(state, Math.max(0, state.playback.index - 1)); }),
    play,
    button("▶|", "The next story point", () => { networkPause(state); networkShow(state, Math.min(playback.frames.length - 1, state.playback.index + 1)); }),
    label,
  );
  return box;
}

function networkShow(state, index) {
  const playback = state.playback;
  const frame = playback.frames[index];
  playback.index = index;
  state.frame = index === playback.frames.length - 1 ? null : frame;  // the last frame is the view itself
  playback.shown.push(frame.point);
  playback.label.textContent = `${frame.label} (${index + 1} of ${playback.frames.length})`;
  state.network.body.container.dataset.point = frame.point;
  networkRestyle(state);
}

function networkPlay(state, start, autoplay) {
  const playback = state.playback;
  if (!playback) return;
  networkPause(state);
  networkShow(state, Math.max(0, Math.min(start || 0, playback.frames.length - 1)));
  if (!autoplay || playback.index >= playback.frames.length - 1) return;
  playback.playing = true;
  playback.play.textContent = "⏸ Pause";
  playback.timer = setInterval(() => {
    networkShow(state, playback.index + 1);
    if (playback.index >= playback.frames.length - 1) networkPause(state);  // the horizon: stop
  }, PLAY_STEP);
}

function networkPause(state) {
  const playback = state.playback;
  if (!playback) return;
  if (playback.timer) clearInterval(playback.timer);
  playback.timer = null;
  playback.playing = false;
  playback.play.textContent = "▶ Play";
}
