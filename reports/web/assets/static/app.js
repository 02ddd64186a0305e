// Parley's explorer: re-run the view as its controls move, and keep the
// address bar a link to it. No framework; the server renders the result.
"use strict";
(function () {
  var form = document.getElementById("explore");
  if (!form) return;
  var result = document.getElementById("result");
  var timer = null, seq = 0;

  function query() {
    var q = new URLSearchParams();
    form.querySelectorAll("input[name=fix]").forEach(function (box) {
      var slider = document.getElementById("slider-" + box.value);
      slider.disabled = !box.checked;
      if (box.checked) q.append("set", box.value + "=" + slider.value);
    });
    form.querySelectorAll("input[name=variant]:checked").forEach(function (v) { q.append("variant", v.value); });
    q.set("seed", form.elements.seed.value);
    q.set("n", form.elements.n.value);
    return q.toString();
  }

  function update() {
    var q = query(), mine = ++seq;
    result.setAttribute("aria-busy", "true");
    fetch(form.dataset.result + "?" + q).then(function (r) { return r.text(); }).then(function (html) {
      if (mine !== seq) return; // a later change is on its way
      result.innerHTML = html;
      result.removeAttribute("aria-busy");
      result.dataset.query = q;
      history.replaceState(null, "", form.dataset.page + "?" + q);
    });
  }

  function changed(e) {
    var t = e.target;
    if (t.dataset.param) {
      document.getElementById("value-" + t.dataset.param).textContent = t.value;
      document.getElementById("fix-" + t.dataset.param).checked = true; // moving a slider fixes it
    }
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  query(); // disable the sliders of uncertain parameters
})();
