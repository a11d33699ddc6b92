// Keeps an open item page current without reloading it: twice a second it asks for the item's
// changes after the revision shown, and writes the new quantities into their cells.
(() => {
  const root = document.querySelector("[data-live]");
  if (!root) {
    return;
  }

  let revision = Number(root.dataset.revision);
  const poll = async () => {
    try {
      const response = await fetch(`${root.dataset.live}?revision=${revision}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.status === 200) {
        const item = await response.json();
        revision = item.revision;
        root.dataset.revision = String(revision);
        for (const [name, value] of Object.entries(item.quantities)) {
          const cell = document.querySelector(`[data-quantity="${name}"]`);
          if (cell) {
            cell.textContent = String(value);
          }
        }

        const shown = document.querySelector("[data-field=revision]");
        if (shown) {
          shown.textContent = String(revision);
        }

        const note = document.getElementById("live-note");
        if (note) {
          note.textContent = `Changed elsewhere: now at revision ${revision}.`;
        }
      }
    } catch {
      // Offline for a moment: the next poll tries again.
    }

    setTimeout(poll, 500);
  };
  setTimeout(poll, 500);
})();
