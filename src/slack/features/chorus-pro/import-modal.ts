import type { types } from "@slack/bolt";
import { z } from "zod";
import type { Messages } from "../../../i18n/index.ts";
import { MAX_NAME } from "../../../services/requests/ask-from-slack.ts";
import { inputIds, type StateValues, textInputBlock, typedValue } from "../../blocks/kit.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { escapeMrkdwn, modalText, mrkdwn } from "../../blocks/text.ts";
import { ActionIds, CallbackIds } from "../../ids.ts";

/**
 * The structure being imported (or, already imported, whose technical account is renewed), and
 * whether the caller's account is still to create (names asked).
 */
const importFormSchema = z.object({
  identifier: z.string(),
  askNames: z.boolean(),
  renew: z.boolean().catch(false),
});
export const importFormCodec = metadataCodec(importFormSchema);

export type ImportForm = z.output<typeof importFormSchema>;

const block = (actionId: string) => inputIds(actionId).block;

/** The use case's field names → the form's block ids. */
export const importFieldBlocks: Record<string, string> = {
  technicalAccount: block(ActionIds.importLogin),
  "technicalAccount.login": block(ActionIds.importLogin),
  "technicalAccount.password": block(ActionIds.importPassword),
  "principalManager.lastName": block(ActionIds.importLastName),
  "principalManager.firstName": block(ActionIds.importFirstName),
};

/**
 * « Importer une structure »: its technical account, and the names of a caller with no account yet;
 * for a structure already imported, its renewed technical account.
 */
export function importModal(messages: Messages, form: ImportForm): types.ModalView {
  const labels = messages.chorusProImport;
  const intro = form.renew ? labels.renewIntro : labels.intro;
  const blocks: types.KnownBlock[] = [
    { type: "section", text: mrkdwn(intro(escapeMrkdwn(form.identifier))) },
    textInputBlock(labels.login, inputIds(ActionIds.importLogin), { hint: labels.loginHint, maxLength: 200 }),
    textInputBlock(labels.password, inputIds(ActionIds.importPassword), {
      hint: labels.passwordHint,
      maxLength: 200,
    }),
  ];
  if (form.askNames) {
    blocks.push(
      { type: "context", elements: [mrkdwn(labels.namesIntro)] },
      textInputBlock(labels.lastName, inputIds(ActionIds.importLastName), { maxLength: MAX_NAME }),
      textInputBlock(labels.firstName, inputIds(ActionIds.importFirstName), { maxLength: MAX_NAME }),
    );
  }
  return {
    type: "modal",
    callback_id: CallbackIds.importStructureModal,
    private_metadata: importFormCodec.encode(form),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.cancel),
    blocks,
  };
}

/** What the form holds; the password as typed (Slack trims nothing else). */
export function readImportForm(values: StateValues) {
  const typed = (actionId: string) => typedValue(values, actionId)?.trim() ?? "";
  return {
    login: typed(ActionIds.importLogin),
    password: typedValue(values, ActionIds.importPassword) ?? "",
    lastName: typed(ActionIds.importLastName),
    firstName: typed(ActionIds.importFirstName),
  };
}
