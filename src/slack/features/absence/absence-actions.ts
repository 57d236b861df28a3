import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import { parisDay } from "../../../domain/dates.ts";
import { AppError } from "../../../errors.ts";
import { formatDate } from "../../../i18n/index.ts";
import { declareAbsence } from "../../../services/absences/declare-absence.ts";
import { endAbsence } from "../../../services/absences/end-absence.ts";
import { loadOwnAbsence } from "../../../services/absences/manager-absences.ts";
import type { ServiceContext } from "../../../services/context.ts";
import {
  findSlackUserIdOfAccount,
  resolveSlackActor,
  resolveSlackRequester,
} from "../../../services/slack-workspace/slack-identities.ts";
import { noticeView } from "../../blocks/kit.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { noWords, subcommand } from "../../listeners/subcommand.ts";
import { explainToUser, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { renderHome } from "../home/app-home-opened.ts";
import { absenceFieldBlocks, absenceModal, readAbsenceForm } from "./absence-modal.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** `/chorus absence` (and the Home tab's button): the form, filled with the absence already declared. */
export const absenceCommand = subcommand({
  words: ["absence"],
  help: (messages) => messages.commands.lines.absence,
  parse: noWords,
  who: "account",
  run: async ({ deps, command, openModal }, _args, actor) => {
    const { ctx } = deps;
    const current = await loadOwnAbsence(ctx, actor);
    const currentDelegateSlackId = current?.delegateId
      ? await findSlackUserIdOfAccount(ctx, deps.directory, command.team_id, current.delegateId)
      : null;
    return openModal(
      absenceModal(ctx.messages, { current, currentDelegateSlackId, today: parisDay(ctx.now()) }),
    );
  },
});

/** The account of the Slack user picked as delegate: one with no active account is a field error. */
async function delegateAccountOf(
  deps: ListenerDeps,
  teamId: string,
  slackUserId: string | null,
): Promise<string | null> {
  if (!slackUserId) return null;
  const { ctx } = deps;
  const unknown = () => {
    const message = ctx.messages.absence.errors.delegateUnknown;
    return new AppError("invalid_input", message, [{ field: "delegate", message }]);
  };
  try {
    const picked = await resolveSlackRequester(ctx, deps.directory, { teamId, slackUserId });
    if (picked.account?.status !== "ACTIVE") throw unknown();
    return picked.account.id;
  } catch (error) {
    // A bot, or someone whose profile shows no e-mail, leads to no account either.
    if (error instanceof AppError && error.details.length === 0) throw unknown();
    throw error;
  }
}

/** The form, submitted: saved before the ack, so bad dates or delegate come back as field errors. */
export function submitAbsence(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.absence;
    try {
      const who = whoSent(body);
      const form = readAbsenceForm(view.state.values);
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      const delegateId = await delegateAccountOf(deps, who.teamId, form.delegateSlackId);
      const absence = await declareAbsence(ctx, actor, { ...form, delegateId });
      const text = labels.declared(
        formatDate(ctx.messages, absence.startsOn),
        formatDate(ctx.messages, absence.endsOn),
        absence.delegateName,
      );
      await ack({
        response_action: "update",
        view: noticeView({ title: labels.title, close: labels.close }, text),
      });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, absenceFieldBlocks));
    }
  };
}

/** « Terminer l'absence » on the Home tab: its outcome in a modal, and the tab drawn again. */
export function endAbsenceButton(deps: ListenerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const labels = ctx.messages.absence;
    const who = whoSent(body);
    const text = await endedOrWhyNot(ctx, deps, who);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: noticeView({ title: labels.title, close: labels.close }, text),
    });
    await client.views.publish({ user_id: body.user.id, view: await renderHome(deps, who) });
  };
}

async function endedOrWhyNot(
  ctx: ServiceContext,
  deps: ListenerDeps,
  who: { teamId: string; slackUserId: string },
): Promise<string> {
  try {
    await endAbsence(ctx, await resolveSlackActor(ctx, deps.directory, who));
    return ctx.messages.absence.ended;
  } catch (error) {
    return explainToUser(ctx, error, who.slackUserId);
  }
}
