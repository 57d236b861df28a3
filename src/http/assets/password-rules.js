// The activation page's password rules, judged as the person types (the server says the same after
// each submission, so the page works without this script). The strength is zxcvbn's, whose
// dictionaries weigh megabytes: it is judged by the server when the form is sent, and shown as
// "not checked yet" again once the password changes. The rules sit in a polite live region: a
// state that changes is heard, without interrupting the typing.
(() => {
  const form = document.querySelector("form[data-personal]");
  if (!form) return;
  const password = form.querySelector("#password");
  const confirmation = form.querySelector("#confirmation");
  const minLength = Number(form.dataset.minLength);
  const said = JSON.parse(form.dataset.states);
  // As src/domain/password-policy.ts folds them: lower case, accents off, letters and digits only.
  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, "");
  const [login, ...names] = JSON.parse(form.dataset.personal);
  const at = login.lastIndexOf("@");
  const fragments = [login, at > 0 ? login.slice(0, at) : login, ...names]
    .flatMap((text) => [text, ...text.split(/[^\p{L}\p{N}]+/u)])
    .map(fold)
    .filter((fragment) => fragment.length >= 3);
  const classes = { met: "fr-message--valid", broken: "fr-message--error", unchecked: "fr-message--info" };

  function show(rule, state) {
    const item = form.querySelector(`[data-rule="${rule}"]`);
    if (!item || item.dataset.state === state) return;
    item.dataset.state = state;
    item.classList.remove(...Object.values(classes));
    item.classList.add(classes[state]);
    item.querySelector(".fr-sr-only").textContent = ` (${said[state]})`;
  }

  let typed = false;
  function judge() {
    const value = password.value;
    if (value === "" && confirmation.value === "") return;
    const folded = fold(value);
    show("length", [...value].length >= minLength ? "met" : "broken");
    show("personal", fragments.some((fragment) => folded.includes(fragment)) ? "broken" : "met");
    show("same", value !== "" && value === confirmation.value ? "met" : "broken");
  }
  password.addEventListener("input", () => {
    if (!typed) show("strength", "unchecked");
    typed = true;
    judge();
  });
  confirmation.addEventListener("input", judge);
})();
