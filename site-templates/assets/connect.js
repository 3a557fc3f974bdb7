// Quick Connect: "Fill in from GitHub". The form works without this script; with it, the button asks the
// companion server for the public GitHub profile and fills in the name. Text only ever goes in via textContent/value.
(function () {
  "use strict";
  var form = document.querySelector("form.connect-form");
  var button = document.getElementById("github-prefill");
  var preview = document.getElementById("github-preview");
  if (!form || !button || !preview || !window.fetch) return;
  var api = form.getAttribute("data-github-api");
  var github = form.elements.namedItem("github");
  var name = form.elements.namedItem("name");
  button.hidden = false;
  button.addEventListener("click", function () {
    var username = (github.value || "").trim().replace(/^@/, "");
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/.test(username)) {
      preview.textContent = "Type your GitHub username first.";
      return;
    }
    button.disabled = true;
    preview.textContent = "Asking GitHub…";
    fetch(api + encodeURIComponent(username), { headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
      })
      .then(function (answer) {
        if (answer.ok) {
          var profile = answer.body;
          github.value = profile.login || username;
          if (profile.name) name.value = profile.name;
          var parts = [profile.name || profile.login, profile.company, profile.location].filter(function (part) { return part; });
          preview.textContent = "Found: " + parts.join(" · ");
        } else if (answer.status === 404) {
          preview.textContent = "No GitHub user named " + username + ". Please fill in the form yourself.";
        } else {
          preview.textContent = "GitHub cannot be reached right now. Please fill in the form yourself.";
        }
      })
      .catch(function () {
        preview.textContent = "GitHub cannot be reached right now. Please fill in the form yourself.";
      })
      .then(function () { button.disabled = false; });
  });
})();
