import type { types } from "@slack/bolt";
import type { Messages } from "../../i18n/index.ts";
import type { RequestQuestionDetails } from "../../services/requests/request-questions.ts";
import { ActionIds } from "../ids.ts";
import { clip, escapeMrkdwn, mrkdwn, personLabel, plainText } from "./text.ts";

/** The requester's DM with a manager's question: who asks, about which request, and « Répondre ». */
export function questionMessage(
  messages: Messages,
  question: RequestQuestionDetails,
): { text: string; blocks: types.KnownBlock[] } {
  const labels = messages.requestQuestions;
  const { request } = question;
  const structure = escapeMrkdwn(`${request.structure.designation} (${request.structure.identifier})`);
  const intro = labels.dmIntro(
    personLabel(question.askedBy),
    messages.requestKinds[request.type].toLowerCase(),
    structure,
  );
  return {
    text: `${intro} ${clip(question.question, 2000)}`,
    blocks: [
      { type: "section", text: mrkdwn(`${intro}\n>${escapeMrkdwn(clip(question.question, 2500))}`) },
      { type: "context", elements: [mrkdwn(labels.dmHint)] },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: ActionIds.answerQuestionOpen,
            text: plainText(labels.answer),
            value: question.id,
          },
        ],
      },
    ],
  };
}
