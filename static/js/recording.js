// Saving as you go on the minute-taker's page (templates/meeting_day/recording.html).
//
// Without this script every item is a normal form with a "Lagre" button. With it, an item is
// saved when one of its fields loses focus and every 20 seconds while it has unsaved changes, by
// fetch with "Accept: application/json". Nothing typed is lost when the network drops: the text
// stays in the fields and in localStorage (keyed by meeting and item), and is saved on the next
// timer tick or when the browser is back online. A save from an out-of-date page is refused by
// the server (409); the user's text is left alone and the user chooses which text applies.
(function () {
  "use strict";
  const root = document.getElementById("protokoll");
  if (!root || root.hasAttribute("data-locked")) return;

  const INTERVAL_MS = (Number(root.dataset.autosaveSeconds) || 20) * 1000;
  const FIELDS = ["decision", "kind", "discussion", "outcome", "postponed_to", "postponed_date", "sent_on"];
  const text = (name, fallback) => root.dataset[name] || fallback;
  const MSG = {
    saved: text("msgSaved", "Lagret kl. {time}"),
    saving: text("msgSaving", "Lagrer …"),
    retrying: text("msgRetrying", "Ikke lagret – prøver igjen"),
    notSaved: text("msgNotSaved", "Ikke lagret"),
    restored: text("msgRestored", "Gjenopprettet tekst som ikke var lagret"),
    restoredConflict: text("msgRestoredConflict",
      "Gjenopprettet tekst som ikke var lagret. Punktet er lagret av noen andre siden; velg hvilken tekst som skal gjelde."),
    storedDecision: text("msgStoredDecision", "Vedtak lagret nå:"),
    storedDiscussion: text("msgStoredDiscussion", "Drøftinger lagret nå:"),
    empty: text("msgEmpty", "(tomt)"),
    keepMine: text("msgKeepMine", "Lagre min tekst"),
    takeStored: text("msgTakeStored", "Bruk teksten som er lagret"),
    unchanged: text("msgUnchanged", "Alt er allerede lagret"),
    incomplete: text("msgIncomplete", "Ikke lagret ennå: velg møte eller utvalg for utfallet"),
    loggedOut: text("msgLoggedOut", "Siden er utløpt eller du er logget ut, så teksten er ikke lagret."),
  };
  const LOGIN_PATH = root.dataset.loginPath || "/logg-inn";

  function token() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) return meta.content;
    const input = document.querySelector('input[name="csrf_token"]');
    return input ? input.value : "";
  }

  function same(a, b) {
    return FIELDS.every((name) => (a[name] || "") === (b[name] || ""));
  }

  const storage = {
    get(key) {
      try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
    },
    set(key, value) {
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
    },
    remove(key) {
      try { window.localStorage.removeItem(key); } catch (e) { /* blocked */ }
    },
  };

  class Item {
    constructor(form) {
      this.form = form;
      this.key = `motebok:protokoll:${root.dataset.meetingId}:${form.dataset.itemId}`;
      this.status = form.querySelector(".save-status");
      this.message = form.querySelector(".record-message");
      this.saved = this.values();  // what the server holds, as far as this page knows
      this.inFlight = null;
      this.again = false;
      this.refused = null;  // values the server refused (400): not retried until they change
      this.blocked = false;  // a conflict waits for the user's choice
      form.addEventListener("input", () => this.changed());
      form.addEventListener("change", (event) => {
        this.changed();
        if (event.target.matches("select, input[type=date]")) this.save();
      });
      form.addEventListener("focusout", (event) => {
        if (event.target.matches("textarea, input[type=date]")) this.save();
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.refused = null;
        if (this.blocked) { this.keepMine(); return; }
        if (!this.dirty()) { this.showStatus(MSG.unchanged); return; }
        this.save({force: true});  // an incomplete outcome is sent: the server says what is missing
      });
      this.showOutcomeFields();
    }

    field(name) { return this.form.elements.namedItem(name); }

    values() {
      const values = {};
      for (const name of FIELDS) {
        const field = this.field(name);
        values[name] = field ? field.value : "";
      }
      return values;
    }

    fill(values) {
      for (const name of FIELDS) {
        const field = this.field(name);
        if (field && values[name] !== undefined) field.value = values[name];
      }
      this.showOutcomeFields();
    }

    get version() { return Number(this.field("version").value); }
    set version(value) { this.field("version").value = String(value); }

    dirty() { return !same(this.values(), this.saved); }

    // Keep a copy of unsaved text in the browser, with the version it was written on.
    remember() {
      if (this.dirty()) {
        storage.set(this.key, {version: this.version, values: this.values(), at: Date.now()});
      } else {
        storage.remove(this.key);
      }
    }

    changed() {
      this.showOutcomeFields();
      this.remember();
      if (this.message && this.message.dataset.kind === "info") this.clearMessage();
    }

    showOutcomeFields() {
      const outcome = this.field("outcome").value;
      this.form.querySelectorAll("[data-when]").forEach((el) => {
        el.hidden = el.dataset.when !== outcome;
      });
    }

    showStatus(message, state) {
      if (!this.status) return;
      this.status.textContent = message;
      this.status.dataset.state = state || "";
    }

    clearMessage() {
      if (!this.message) return;
      this.message.replaceChildren();
      delete this.message.dataset.kind;
    }

    showMessage(kind, message, extra) {
      if (!this.message) return;
      const box = document.createElement("div");
      box.className = "ds-alert";
      box.dataset.color = kind === "info" ? "info" : "danger";
      const p = document.createElement("p");
      p.className = "ds-paragraph";
      p.textContent = message;
      box.append(p);
      if (extra) box.append(...extra);
      this.message.replaceChildren(box);
      this.message.dataset.kind = kind;
    }

    // "Utsatt" or "Sendt videre" without the meeting or council chosen yet: wait for the choice.
    incomplete(values) {
      if (values.outcome === "postponed") return !values.postponed_to && !values.postponed_date;
      if (values.outcome === "sent_on") return !values.sent_on;
      return false;
    }

    save(options) {
      if (this.blocked) return Promise.resolve();
      if (this.inFlight) { this.again = true; return this.inFlight; }
      if (!this.dirty()) {
        // Back to what is stored (e.g. after a refused change was undone): nothing is pending.
        if (this.status && this.status.dataset.state !== "saved") {
          if (this.message && this.message.dataset.kind === "error") this.clearMessage();
          this.showStatus(this.lastSaved || "", this.lastSaved ? "saved" : "");
        }
        this.refused = null;
        return Promise.resolve();
      }
      const sent = this.values();
      if (this.refused && same(sent, this.refused)) return Promise.resolve();
      if (!(options && options.force) && this.incomplete(sent)) {
        this.remember();
        this.showStatus(MSG.incomplete, "pending");
        return Promise.resolve();
      }
      this.showStatus(MSG.saving, "saving");
      this.inFlight = this.post(sent).finally(() => {
        this.inFlight = null;
        if (this.again) { this.again = false; this.save(); }
      });
      return this.inFlight;
    }

    async post(sent) {
      const body = new FormData(this.form);
      let response;
      try {
        response = await fetch(this.form.action, {
          method: "POST", body, credentials: "same-origin",
          headers: {"Accept": "application/json", "X-CSRFToken": token()},
        });
      } catch (error) {
        this.notSaved();
        return;
      }
      let data = null;
      if ((response.headers.get("Content-Type") || "").includes("application/json")) {
        try { data = await response.json(); } catch (error) { data = null; }
      }
      if (response.ok && data && data.ok) {
        this.version = data.version;
        this.saved = sent;
        this.refused = null;
        if (this.message && this.message.dataset.kind !== "info") this.clearMessage();
        this.lastSaved = MSG.saved.replace("{time}", data.saved_at);
        this.showStatus(this.lastSaved, "saved");
        this.remember();
        return;
      }
      if (response.status === 409 && data) {
        this.conflict(data.message, data.version, data.stored);
        return;
      }
      if (response.status === 400 && data && data.message) {
        // Refused by the rules (locked minutes, a postponement without a meeting, …).
        this.refused = sent;
        this.remember();
        this.showMessage("error", data.message);
        this.showStatus(MSG.notSaved, "error");
        return;
      }
      if (response.redirected && new URL(response.url).pathname === LOGIN_PATH) {
        // The login has ended (logged out here or elsewhere, a new password, …). Saving works
        // again only after logging in and reloading the page (the form token went with the
        // session), which restores the text kept in localStorage.
        this.remember();
        this.showMessage("error", MSG.loggedOut);
        this.showStatus(MSG.notSaved, "error");
        return;
      }
      // A server error, anything else: keep the text, retry.
      this.notSaved();
    }

    notSaved() {
      this.remember();
      this.showStatus(MSG.retrying, "error");
    }

    conflict(message, version, stored) {
      this.blocked = true;
      this.remember();
      this.showStatus(MSG.notSaved, "error");
      const extra = [];
      if (stored) {
        for (const [label, value] of [[MSG.storedDecision, stored.decision], [MSG.storedDiscussion, stored.discussion]]) {
          const heading = document.createElement("p");
          heading.className = "ds-paragraph";
          const strong = document.createElement("strong");
          strong.textContent = label;
          heading.append(strong);
          const body = document.createElement("p");
          body.className = "pre-line";
          body.textContent = value || MSG.empty;
          extra.push(heading, body);
        }
      }
      const buttons = document.createElement("p");
      buttons.className = "actions";
      const keep = document.createElement("button");
      keep.type = "button";
      keep.className = "ds-button";
      keep.dataset.variant = "primary";
      keep.dataset.size = "sm";
      keep.textContent = MSG.keepMine;
      keep.addEventListener("click", () => this.keepMine());
      const take = document.createElement("button");
      take.type = "button";
      take.className = "ds-button";
      take.dataset.variant = "secondary";
      take.dataset.size = "sm";
      take.textContent = MSG.takeStored;
      take.addEventListener("click", () => this.takeStored());
      buttons.append(keep, take);
      extra.push(buttons);
      this.conflictState = {version, stored};
      this.showMessage("conflict", message, extra);
    }

    // The user's text applies: save it over what is stored now.
    keepMine() {
      const state = this.conflictState || {};
      if (state.version !== undefined) this.version = state.version;
      if (state.stored) this.saved = Object.assign({}, state.stored);
      this.blocked = false;
      this.conflictState = null;
      this.clearMessage();
      if (this.dirty()) this.save(); else { this.remember(); this.showStatus(MSG.unchanged); }
    }

    // The stored text applies: put it in the fields and forget the user's.
    takeStored() {
      const state = this.conflictState || {};
      if (state.stored) { this.fill(state.stored); this.saved = Object.assign({}, state.stored); }
      if (state.version !== undefined) this.version = state.version;
      this.blocked = false;
      this.conflictState = null;
      this.clearMessage();
      this.remember();
      this.showStatus("");
    }

    // On load: unsaved text kept in the browser goes back into the fields.
    restore() {
      const draft = storage.get(this.key);
      if (!draft || !draft.values) return;
      if (same(draft.values, this.saved)) { storage.remove(this.key); return; }
      const server = {version: this.version, stored: Object.assign({}, this.saved)};
      this.fill(draft.values);
      if (Number(draft.version) >= server.version) {
        this.showMessage("info", MSG.restored);
        this.save();
      } else {
        this.conflict(MSG.restoredConflict, server.version, server.stored);
      }
    }
  }

  const items = Array.from(root.querySelectorAll("form.record-form"), (form) => new Item(form));
  items.forEach((item) => item.restore());

  const saveAll = () => items.forEach((item) => { if (item.dirty()) item.save(); });
  window.setInterval(saveAll, INTERVAL_MS);
  window.addEventListener("online", saveAll);
})();
