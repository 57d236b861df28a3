import type { types } from "@slack/bolt";
import { z } from "zod";
import type { RequestType } from "../../../domain/requests.ts";
import type { Messages } from "../../../i18n/index.ts";
import { MAX_QUESTION } from "../../../services/requests/request-questions.ts";
import { inputIds, textInputBlock } from "../../blocks/kit.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { modalText } from "../../blocks/text.ts";
import { ActionIds, CallbackIds } from "../../ids.ts";

/** The request « Poser une question » is about (its button's value, then the modal's metadata). */
export const questionTargetCodec = metadataCodec(
  z.object({ type: z.enum(["attachment", "subscription"]), requestId: z.string() }),
);

const block = (actionId: string) => inputIds(actionId).block;

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
      textInputBlock(labels.askLabel, inputIds(ActionIds.askQuestionInput), {
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
      textInputBlock(labels.answerLabel, inputIds(ActionIds.answerQuestionInput), {
        multiline: true,
        maxLength: MAX_QUESTION,
      }),
    ],
  };
}
