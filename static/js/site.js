// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select[data-autosubmit]")) el.form.requestSubmit();
  // Choosing a level for a skill found in search ticks its "add" box (the server adds it anyway).
  if (el.matches("input[data-add-box]")) {
    const box = document.getElementById(el.dataset.addBox);
    if (box) box.checked = true;
  }
});
