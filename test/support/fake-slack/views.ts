import { APP_ID, BOT_ID, isMissing, isRecord, str } from "./args.ts";
import type { FakeSlackState, FamilyMethod } from "./state.ts";
import type { FakeSlackView, SlackArgs } from "./types.ts";

export function viewObject(slack: FakeSlackState, id: string, view: SlackArgs, hash: string): SlackArgs {
  return {
    team_id: slack.teamId,
    private_metadata: "",
    callback_id: "",
    external_id: "",
    close: null,
    submit: null,
    clear_on_close: false,
    notify_on_close: false,
    previous_view_id: null,
    root_view_id: id,
    app_id: APP_ID,
    app_installed_team_id: slack.teamId,
    bot_id: BOT_ID,
    ...view,
    id,
    state: { values: {} },
    hash,
  };
}

export function openView(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const view = isRecord(args.view) ? args.view : {};
  const id = slack.nextId("V");
  const hash = slack.newHash();
  const stored: FakeSlackView = {
    id,
    type: str(view.type) ?? "modal",
    view: viewObject(slack, id, view, hash),
    hash,
    externalId: str(view.external_id),
    userId: undefined,
    triggerId: str(args.trigger_id),
    history: [view],
  };
  slack.views.set(id, stored);
  return { ok: true, view: stored.view };
}

export function updateView(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const view = isRecord(args.view) ? args.view : {};
  const viewId = str(args.view_id);
  const externalId = str(args.external_id);
  const stored =
    viewId !== undefined && viewId !== ""
      ? slack.views.get(viewId)
      : [...slack.views.values()].find((candidate) => candidate.externalId === externalId);
  if (stored === undefined) {
    return { ok: false, error: "not_found" };
  }
  if (!isMissing(args.hash) && args.hash !== stored.hash) {
    return { ok: false, error: "hash_conflict" };
  }
  stored.hash = slack.newHash();
  stored.view = viewObject(slack, stored.id, view, stored.hash);
  stored.externalId = str(view.external_id) ?? stored.externalId;
  stored.history.push(view);
  return { ok: true, view: stored.view };
}

export function publishView(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const userId = str(args.user_id) ?? "";
  if (!/^[UW][A-Z0-9]{2,}$/.test(userId)) {
    return { ok: false, error: "invalid_user" };
  }
  const view = isRecord(args.view) ? args.view : {};
  const existing = [...slack.views.values()].find((candidate) => candidate.userId === userId);
  if (existing !== undefined && !isMissing(args.hash) && args.hash !== existing.hash) {
    return { ok: false, error: "hash_conflict" };
  }
  const id = existing?.id ?? slack.nextId("V");
  const hash = slack.newHash();
  const stored: FakeSlackView = {
    id,
    type: "home",
    view: viewObject(slack, id, view, hash),
    hash,
    externalId: str(view.external_id),
    userId,
    triggerId: undefined,
    history: [...(existing?.history ?? []), view],
  };
  slack.views.set(id, stored);
  slack.homeViews.set(userId, stored.view);
  return { ok: true, view: stored.view };
}

/** views.*: modals opened, pushed and updated, and Home tabs published. */
export const VIEWS_METHODS: Record<string, FamilyMethod> = {
  "views.open": openView,
  "views.push": openView,
  "views.update": updateView,
  "views.publish": publishView,
};
