import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError, type FieldError } from "../../../errors.ts";
import { formatDate } from "../../../i18n/index.ts";
import { requireChorusPro } from "../../../services/chorus-pro/chorus-pro-link.ts";
import { importStructure } from "../../../services/chorus-pro/import-structure.ts";
import {
  findConnectedStructure,
  renewTechnicalAccount,
} from "../../../services/chorus-pro/renew-technical-account.ts";
import {
  resolveSlackActor,
  resolveSlackRequester,
} from "../../../services/slack-workspace/slack-identities.ts";
import { noticeView } from "../../blocks/kit.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { requiredIdentifier, subcommand } from "../../listeners/subcommand.ts";
import { answerWithOutcome, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { importFieldBlocks, importFormCodec, importModal, readImportForm } from "./import-modal.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * `/chorus importer <identifiant>`: anyone holding the structure's technical account (the proof of
 * being its principal manager in Chorus Pro), with or without an account here; on a structure
 * already imported, its principal manager renews its technical account (after a password reset).
 */
export const importCommand = subcommand({
  words: ["importer"],
  help: (messages) => messages.commands.lines.importer,
  usage: (messages) => messages.chorusProImport.usage,
  parse: requiredIdentifier,
  who: "anyone",
  run: async ({ deps, command, openModal }, identifier) => {
    requireChorusPro(deps.ctx);
    const who = { teamId: command.team_id, slackUserId: command.user_id };
    const [requester, connected] = await Promise.all([
      resolveSlackRequester(deps.ctx, deps.directory, who),
      findConnectedStructure(deps.ctx, identifier),
    ]);
    const renew = connected !== null;
    return openModal(
      importModal(deps.ctx.messages, { identifier, askNames: !renew && requester.account === null, renew }),
    );
  },
});

/**
 * The form, submitted: empty fields are field errors at once; then Chorus Pro is read and the
 * structure registered, with its outcome in the modal (or « Import en cours » while Chorus Pro takes
 * its time, the outcome shown after). Credentials Chorus Pro refuses come back as a field error.
 */
export function submitImport(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.chorusProImport;
    const outcome = (text: string) => noticeView({ title: labels.title, close: labels.close }, text);
    const form = importFormCodec.decode(view.private_metadata);
    const typed = readImportForm(view.state.values);
    const missing: FieldError[] = [
      ["technicalAccount.login", typed.login],
      ["technicalAccount.password", typed.password],
      ...(form?.askNames
        ? [
            ["principalManager.lastName", typed.lastName],
            ["principalManager.firstName", typed.firstName],
          ]
        : []),
    ]
      .filter(([, value]) => !value)
      .map(([field]) => ({ field: field ?? "", message: labels.required }));
    if (missing.length > 0) {
      await ack(
        modalErrorAnswer(
          ctx,
          new AppError("invalid_input", labels.required, missing),
          body.user.id,
          importFieldBlocks,
        ),
      );
      return;
    }
    const done = (async () => {
      if (!form) throw new AppError("invalid_input", ctx.messages.errors.invalidInput);
      const who = whoSent(body);
      const technicalAccount = { login: typed.login, password: typed.password };
      if (form.renew) {
        const actor = await resolveSlackActor(ctx, deps.directory, who);
        const renewed = await renewTechnicalAccount(ctx, actor, {
          identifier: form.identifier,
          technicalAccount,
        });
        const expires = renewed.passwordExpiresAt
          ? formatDate(ctx.messages, renewed.passwordExpiresAt)
          : null;
        return labels.renewed(`${renewed.designation} (${renewed.identifier})`, expires);
      }
      const requester = await resolveSlackRequester(ctx, deps.directory, who);
      const names = requester.account ?? { lastName: typed.lastName, firstName: typed.firstName };
      const structure = await importStructure(ctx, {
        identifier: form.identifier,
        identifierType: "SIRET",
        technicalAccount,
        principalManager: {
          loginEmail: requester.email,
          lastName: names.lastName,
          firstName: names.firstName,
        },
        slackChannelId: null,
        slackTeamId: who.teamId,
        actor: requester.account ? { accountId: requester.account.id, slackUserId: who.slackUserId } : null,
      });
      return labels.done(`${structure.designation} (${structure.identifier})`, structure.services.length);
    })();
    await answerWithOutcome(ctx, { ack, client, viewId: view.id, slackUserId: body.user.id }, done, {
      outcomeView: outcome,
      inProgress: labels.inProgress,
      fieldBlocks: importFieldBlocks,
    });
  };
}
