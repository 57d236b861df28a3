import type { types } from "@slack/bolt";
import { z } from "zod";
import type { RequestType } from "../../../domain/requests.ts";
import type { Messages } from "../../../i18n/index.ts";
import { MAX_QUESTION } from "../../../services/requests/request-questions.ts";
import { textInputBlock } from "../../blocks/kit.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { modalText } from "../../blocks/text.ts";
import { ActionIds, CallbackIds } from "../../ids.ts";

/** The request « Poser une question » is about (its button's value, then the modal's metadata). */
export const questionTargetCodec = metadataCodec(
  z.object({ type: z.enum(["attachment", "subscription"]), requestId: z.string() }),
);

const block = (actionId: string) => `${actionId}_block`;
const ids = (action: string) => ({ block: block(action), action });

/** The use cases' field names → the modals' block ids. */
export const questionFieldBlocks: Record<string, string> = {
  question: block(ActionIds.askQuestionInput),
  answer: block(ActionIds.answerQuestionInput),
};

/** « Poser une question »: the manager types it; it goes to the requester. */
export function askQuestionModal(
  messages: Messages,
  target: { type: RequestType; requestId: string },
): types.ModalView {
  const labels = messages.requestQuestions;
  return {
    type: "modal",
    callback_id: CallbackIds.askQuestionModal,
    private_metadata: questionTargetCodec.encode(target),
    title: modalText(labels.askTitle),
    submit: modalText(labels.send),
    close: modalText(labels.cancel),
    blocks: [
      textInputBlock(labels.askLabel, ids(ActionIds.askQuestionInput), {
        hint: labels.askHint,
        multiline: true,
        maxLength: MAX_QUESTION,
      }),
    ],
  };
}

/** « Répondre », from the requester's DM. */
export function answerQuestionModal(messages: Messages, questionId: string): types.ModalView {
  const labels = messages.requestQuestions;
  return {
    type: "modal",
    callback_id: CallbackIds.answerQuestionModal,
    private_metadata: questionId,
    title: modalText(labels.answerTitle),
    submit: modalText(labels.send),
    close: modalText(labels.cancel),
    blocks: [
      textInputBlock(labels.answerLabel, ids(ActionIds.answerQuestionInput), {
        multiline: true,
        maxLength: MAX_QUESTION,
      }),
    ],
  };
}

/** The text typed in one of these modals. */
export function typedText(
  values: Record<string, Record<string, { value?: string | null }>>,
  action: string,
): string {
  return values[block(action)]?.[action]?.value ?? "";
}
