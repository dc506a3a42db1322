// Small progressive enhancements; every page works without this file.
// Forms marked data-enhance="inline" (like, 승인/사치, vote) are sent without a reload and the
// fragment the server answers replaces the form's container.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-enhance=inline]") || !window.fetch) return;
    event.preventDefault();
    var target = document.getElementById(form.getAttribute("data-target"));
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) body.append(event.submitter.name, event.submitter.value);
    // redirect "manual": a redirect means "log in (again)" or "become a member first"; the plain
    // form post below then takes the visitor there as a page, with its message, instead of the
    // whole login page being pasted into the fragment.
    fetch(form.action, {method: "POST", body: body, credentials: "same-origin", redirect: "manual", headers: {"X-Requested-With": "fetch"}})
      .then(function (response) {
        if (response.type === "opaqueredirect") throw new Error("redirect");
        if (!response.ok && response.status !== 409) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        if (!target) return;
        var pressed = event.submitter && event.submitter.name ? event.submitter.name + "=" + event.submitter.value : null;
        target.outerHTML = html;
        // Keep keyboard users where they were: focus the same button in the new fragment.
        var fresh = document.getElementById(form.getAttribute("data-target"));
        var again = fresh && (pressed ? fresh.querySelector("button[name=" + event.submitter.name + "][value=" + event.submitter.value + "]") : fresh.querySelector("button"));
        if (again) again.focus();
      })
      .catch(function () {
        // form.submit() sends no submitter: carry the pressed button's name=value ourselves.
        if (event.submitter && event.submitter.name) {
          var pressed = document.createElement("input");
          pressed.type = "hidden";
          pressed.name = event.submitter.name;
          pressed.value = event.submitter.value;
          form.appendChild(pressed);
        }
        form.submit();
      });
  });
  // Text boxes with data-count="N" show how many characters are typed, out of the N allowed.
  function showCount(box) {
    var counter = box.nextElementSibling;
    if (!counter || !counter.classList.contains("counter")) {
      counter = document.createElement("small");
      counter.className = "counter";
      counter.setAttribute("aria-live", "polite");
      box.insertAdjacentElement("afterend", counter);
    }
    var max = Number(box.getAttribute("data-count"));
    var typed = Array.from(box.value).length;  // characters, as the server counts them
    counter.textContent = typed.toLocaleString("ko-KR") + " / " + max.toLocaleString("ko-KR") + "자";
    counter.classList.toggle("over", typed > max);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-count]"), showCount);
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-count]")) showCount(event.target);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (!button) return;
    if (!window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    } else if (button.form && !button.form.querySelector("input[name=confirmed]")) {
      // Asked here already: the server need not ask again with its confirmation page.
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "1";
      button.form.appendChild(confirmed);
    }
  });

  // A thumbnail that fails to load (gone, refused by the CSP, not a picture) is hidden, leaving its
  // box's neutral placeholder. Errors do not bubble: listen in the capture phase, and look at the
  // pictures that had already failed before this deferred file ran.
  function hideBroken(img) {
    img.classList.add("broken");
    img.removeAttribute("src");
  }
  document.addEventListener("error", function (event) {
    var img = event.target;
    if (img && img.tagName === "IMG" && img.closest(".thumb")) hideBroken(img);
  }, true);
  Array.prototype.forEach.call(document.querySelectorAll(".thumb img"), function (img) {
    if (img.complete && img.naturalWidth === 0) hideBroken(img);
  });

  // Category tabs wider than the screen: say which edges have more (the CSS fades those).
  function markScroll(tabs) {
    var more = tabs.scrollWidth - tabs.clientWidth;
    var left = tabs.scrollLeft > 1, right = tabs.scrollLeft < more - 1;
    tabs.setAttribute("data-scroll", more <= 1 ? "none" : left && right ? "both" : left ? "end" : "start");
  }
  Array.prototype.forEach.call(document.querySelectorAll(".tabs"), function (tabs) {
    var current = tabs.querySelector("[aria-current=page]");
    if (current && current.scrollIntoView && tabs.scrollWidth > tabs.clientWidth) {
      tabs.scrollLeft = Math.max(0, current.offsetLeft - tabs.clientWidth / 3);
    }
    markScroll(tabs);
    tabs.addEventListener("scroll", function () { markScroll(tabs); }, {passive: true});
    window.addEventListener("resize", function () { markScroll(tabs); });
  });

  // 공유하기: the phone's share sheet (Web Share API) where there is one, else copy the link; when
  // the clipboard is refused too, show the link selected so it can be copied by hand.
  Array.prototype.forEach.call(document.querySelectorAll("[data-share] .share-button"), function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".share-button");
    if (!button) return;
    var box = button.closest("[data-share]");
    var url = button.getAttribute("data-share-url");
    var status = box.querySelector(".share-status");
    function showLink() {
      var field = box.querySelector(".share-link");
      field.hidden = false;
      field.focus();
      field.select();
      status.textContent = "링크를 복사해 주세요.";
    }
    function copy() {
      if (!navigator.clipboard || !navigator.clipboard.writeText) return showLink();
      navigator.clipboard.writeText(url).then(function () {
        status.textContent = "링크를 복사했어요.";
      }, showLink);
    }
    if (navigator.share) {
      navigator.share({title: button.getAttribute("data-share-title"), url: url}).catch(function (error) {
        if (!error || error.name !== "AbortError") copy();  // AbortError: the person closed the sheet
      });
    } else {
      copy();
    }
  });
})();
