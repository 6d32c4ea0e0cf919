// The actor network page: fetches /api/network with the form's filters and draws it with the
// vendored Cytoscape.js. Text from the data is only ever set with textContent, never as HTML.
"use strict";

const COMMUNITY_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
const QUAD_COLOURS = { 1: "#8fcf8f", 2: "#2e8b57", 3: "#f2a65a", 4: "#c0392b" };

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  return node;
}

function link(path, params, text) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  return el("a", text, { href: `${path}?${query}` });
}

function formQuery(form) {
  const query = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (String(value).trim()) query.set(key, String(value).trim());
  return query;
}

function dominantQuad(edge) {
  let best = 1;
  for (const q of [2, 3, 4]) if (edge[`quad${q}`] > edge[`quad${best}`]) best = q;
  return best;
}

function round(value) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(3);
}

function elements(data) {
  const most = Math.max(1, ...data.nodes.map((n) => n.events));
  const heaviest = Math.max(1, ...data.edges.map((e) => e.weight));
  const nodes = data.nodes.map((n) => ({
    data: {
      id: n.id, label: n.id, name: n.name, events: n.events, partners: n.partners, betweenness: n.betweenness,
      eigenvector: n.eigenvector, community: n.community, start: n.start, end: n.end,
      size: 18 + 42 * Math.sqrt(n.events / most), colour: COMMUNITY_COLOURS[n.community % COMMUNITY_COLOURS.length],
    },
  }));
  const edges = data.edges.map((e, i) => ({
    data: {
      id: `e${i}`, source: e.source, target: e.target, events: e.weight, intensity: e.intensity,
      width: 0.8 + 7 * Math.sqrt(e.weight / heaviest), colour: QUAD_COLOURS[dominantQuad(e)],
    },
  }));
  return [...nodes, ...edges];
}

function showDetails(node, cy) {
  const box = document.getElementById("network-details");
  box.replaceChildren();
  const d = node.data();
  box.append(el("h3", d.name === d.id ? d.id : `${d.name} (${d.id})`));
  const list = el("dl");
  const rows = [
    ["events", d.events], ["partners", d.partners], ["betweenness", round(d.betweenness)],
    ["eigenvector", round(d.eigenvector)], ["community", d.community], ["active", `${d.start} – ${d.end}`],
  ];
  for (const [key, value] of rows) {
    list.append(el("dt", key), el("dd", value));
  }
  box.append(list);
  const partners = el("ul", null, { class: "plain" });
  node.connectedEdges().sort((a, b) => b.data("events") - a.data("events")).slice(0, 8).forEach((edge) => {
    const other = edge.source().id() === d.id ? edge.target().id() : edge.source().id();
    const arrow = edge.source().id() === d.id ? "→" : "←";
    const item = el("li", `${arrow} `);
    const events = edge.data("events");
    item.append(link("/dyads", { a: d.id, b: other }, other), el("span", ` ${events} event${events === 1 ? "" : "s"}`, { class: "muted" }));
    partners.append(item);
  });
  box.append(partners);
  const links = el("p");
  links.append(link("/timeline", { actor: d.id }, "timeline"), " · ", link("/dyads", { a: d.id }, "partners"), " · ",
    link("/events", { actor: d.id }, "events"));
  box.append(links);
  cy.elements().removeClass("faded");
  cy.elements().not(node.closedNeighborhood()).addClass("faded");
}

async function draw(cy, form) {
  const status = document.getElementById("network-status");
  const query = formQuery(form);
  status.textContent = "Loading…";
  let response;
  try {
    response = await fetch(`${document.getElementById("network").dataset.api}?${query}`);
  } catch (error) {
    status.textContent = `The server did not answer: ${error}`;
    return;
  }
  const data = await response.json();
  if (!response.ok) {
    status.textContent = data.detail || `Error ${response.status}`;
    return;
  }
  cy.elements().remove();
  cy.add(elements(data));
  cy.layout({
    name: "cose", animate: false, randomize: true, nodeRepulsion: () => 40000, idealEdgeLength: () => 120,
    edgeElasticity: () => 60, nodeOverlap: 20, numIter: 1500, padding: 30,
  }).run();
  cy.fit(undefined, 30);
  status.textContent = `${data.nodes.length} actors, ${data.edges.length} links`;
  document.getElementById("network-details").replaceChildren();
  history.replaceState(null, "", `${location.pathname}?${query}`);
}

window.addEventListener("DOMContentLoaded", () => {
  const cy = window.cytoscape({
    container: document.getElementById("network"),
    minZoom: 0.1,
    maxZoom: 5,
    style: [
      { selector: "node", style: {
        label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "data(colour)",
        "font-size": 11, "text-valign": "center", "text-halign": "center", color: "#1d2330",
        "text-outline-color": "#fff", "text-outline-width": 2,
      } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "control-point-step-size": 12,
        "arrow-scale": 0.8, opacity: 0.6,
      } },
      { selector: ".faded", style: { opacity: 0.12 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#14213d" } },
    ],
  });
  const form = document.getElementById("network-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    draw(cy, form);
  });
  cy.on("tap", "node", (event) => showDetails(event.target, cy));
  cy.on("tap", (event) => {
    if (event.target === cy) cy.elements().removeClass("faded");
  });
  const zoomBy = (factor) => cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  document.getElementById("zoom-in").addEventListener("click", () => zoomBy(1.25));
  document.getElementById("zoom-out").addEventListener("click", () => zoomBy(0.8));
  document.getElementById("zoom-fit").addEventListener("click", () => cy.fit(undefined, 30));
  window.detenteNetwork = cy; // for the browser tests and the console
  draw(cy, form);
});
