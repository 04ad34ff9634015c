// Draw a universe graph with vis-network. Shared by the Streamlit component and the standalone
// HTML export. Story strings arrive as data: they reach the page through textContent (tooltips)
// or the canvas (labels), never as markup.

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

function drawNetwork(vis, container, data, handlers) {
  const withTips = (items) => items.map((item) => Object.assign({}, item, { title: networkTooltip(item.info || []) }));
  const marked = (node) => (node.focus && handlers.textColour)
    ? Object.assign({}, node, { color: Object.assign({}, node.color, { border: handlers.textColour }) })
    : node;
  const nodes = new vis.DataSet(withTips(data.nodes.map(marked)));
  const edges = new vis.DataSet(withTips(data.edges));
  const options = JSON.parse(JSON.stringify(data.options));
  if (handlers.textColour) {
    options.nodes.font.color = handlers.textColour;
    options.edges.font.color = handlers.textColour;
  }
  if (handlers.background) {
    options.nodes.font.strokeColor = handlers.background;
    options.edges.font.strokeColor = handlers.background;
  }
  const network = new vis.Network(container, { nodes, edges }, options);
  const state = { network, nodes, edges, ready: false, count: data.nodes.length };
  container.dataset.nodes = String(data.nodes.length);
  container.dataset.edges = String(data.edges.length);
  container.dataset.ready = "false";
  network.on("click", (event) => {
    if (event.nodes.length && handlers.onNode) handlers.onNode(event.nodes[0]);
  });
  network.on("hoverNode", () => { container.style.cursor = handlers.onNode ? "pointer" : "default"; });
  network.on("blurNode", () => { container.style.cursor = "default"; });
  const ready = () => {
    state.ready = true;
    container.dataset.ready = "true";
    if (handlers.onReady) handlers.onReady(state);
  };
  if (options.physics && options.physics.enabled) {
    // Let nodes settle once, then hold them still: positions stay put for clicks and dragging.
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }
  return state;
}
