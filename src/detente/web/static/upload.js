// The upload page: posts the form to /api/uploads, then polls /api/jobs/{id} and shows progress.
// Server text (file names, reasons, doc_ids) is set with textContent only.
"use strict";

const POLL_MS = 500;
const FINAL = new Set(["done", "failed", "cancelled"]);

function item(text, href) {
  const li = document.createElement("li");
  if (href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.append(a);
  } else {
    li.textContent = text;
  }
  return li;
}

function show(job) {
  const bar = document.getElementById("job-progress");
  if (job.total) {
    bar.max = job.total;
    bar.value = job.state === "done" ? job.total : Math.min(job.processed, job.total);
  } else if (job.state === "done") {
    bar.max = 1;
    bar.value = 1;
  } else {
    bar.removeAttribute("value"); // indeterminate until the inputs are read
  }
  const counts = job.total === null ? "" : ` · ${job.processed} of ${job.total} documents`;
  let state = `${job.state}${counts} · ${job.new} new, ${job.known} already stored, ${job.events} events, ${job.facts} facts`;
  if (job.message) state += ` · ${job.message}`;
  document.getElementById("job-state").textContent = state;
  document.getElementById("job-problems").replaceChildren(
    ...job.problems.map((p) => item(`${p.problem} ${p.input}: ${p.reason}`)),
  );
  document.getElementById("job-documents").replaceChildren(
    ...job.documents.map((id) => item(id, `/documents/${encodeURIComponent(id)}`)),
  );
}

async function poll(id) {
  const response = await fetch(`/api/jobs/${encodeURIComponent(id)}`);
  const job = await response.json();
  if (!response.ok) {
    document.getElementById("job-state").textContent = job.detail || `Error ${response.status}`;
    return true;
  }
  show(job);
  return FINAL.has(job.state);
}

window.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const button = document.getElementById("upload-submit");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const section = document.getElementById("job");
    section.hidden = false;
    document.getElementById("job-problems").replaceChildren();
    document.getElementById("job-documents").replaceChildren();
    document.getElementById("job-state").textContent = "Uploading…";
    button.disabled = true;
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form) });
      const job = await response.json();
      if (!response.ok) {
        document.getElementById("job-state").textContent = job.detail || `Error ${response.status}`;
        return;
      }
      show(job);
      while (!(await poll(job.id))) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      form.reset();
    } catch (error) {
      document.getElementById("job-state").textContent = `The server did not answer: ${error}`;
    } finally {
      button.disabled = false;
    }
  });
});
