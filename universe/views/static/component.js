// The Streamlit component (Custom Components v2) around drawNetwork (network.js, prepended).
// vis-network comes from a separate loader component whose message never changes, so Streamlit
// sends its ~470 KB once per session and a short hash reference on every later rerun.

const universeInstances = new WeakMap();

function universeVis() {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (globalThis.vis && globalThis.vis.Network) resolve(globalThis.vis);
      else if (Date.now() - started > 30000) reject(new Error("vis-network did not load"));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

function themeValue(element, name, fallback) {
  const value = getComputedStyle(element).getPropertyValue(name).trim();
  return value || fallback;
}

export default async function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const container = parentElement.querySelector(".universe-network");
  const previous = universeInstances.get(parentElement);
  if (previous && previous.signature === data.signature) return previous.cleanup;
  const token = {};
  universeInstances.set(parentElement, { signature: data.signature, token, cleanup: () => {} });
  if (previous && previous.dispose) previous.dispose();
  // as tall as asked, but no taller than suits the width: a phone gets a squarer graph
  const wide = container.clientWidth || parentElement.clientWidth || 800;
  container.style.height = `${Math.min(data.height, Math.max(360, Math.round(wide * 1.15)))}px`;
  const vis = await universeVis();
  if (universeInstances.get(parentElement)?.token !== token) return undefined;  // newer data won
  const state = drawNetwork(vis, container, data, {
    onNode: (id) => setTriggerValue("clicked", id),
    textColour: themeValue(container, "--st-text-color", "#31333f"),
    background: themeValue(container, "--st-background-color", "#ffffff"),
  });
  state.signature = data.signature;
  state.token = token;
  state.cleanup = () => {
    state.dispose();
    universeInstances.delete(parentElement);
  };
  universeInstances.set(parentElement, state);
  // A handle for tests and debugging: the live network under each Python key.
  globalThis.__universeNetworks = Object.assign(globalThis.__universeNetworks || {}, { [data.key]: state });
  globalThis.__universeNetwork = state;
  return state.cleanup;
}
