import type { types } from "@slack/bolt";
import { z } from "zod";
import { AccessLevel, Space } from "../../../generated/prisma/enums.ts";
import { type Messages, spacesLabel } from "../../../i18n/index.ts";
import {
  type AskToJoinInput,
  type JoinForm,
  MAX_NAME,
  MAX_REQUEST_COMMENT,
  type SubscriptionForm,
} from "../../../services/requests/ask-from-slack.ts";
import { inputIds, type StateValues, textInputBlock, typedValue } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, CallbackIds } from "../../ids.ts";

/** The structure a request form is about (null: still to choose). */
export const askFormCodec = metadataCodec(z.object({ identifier: z.string().nullable() }));

const block = (actionId: string) => inputIds(actionId).block;

/** The use cases' field names → the forms' block ids, for `response_action: "errors"`. */
export const askFieldBlocks: Record<string, string> = {
  lastName: block(ActionIds.askLastName),
  firstName: block(ActionIds.askFirstName),
  comment: block(ActionIds.askComment),
  spaces: block(ActionIds.askSpaces),
  structureIdentifier: block(ActionIds.askStructure),
  serviceCodes: block(ActionIds.askServices),
  "spaces[0].serviceCode": block(ActionIds.askService),
};

function structureName(structure: { identifier: string; designation: string }): string {
  return `${clip(structure.designation, 60)} (${structure.identifier})`;
}

/** An option of the structure search: "Mairie de … (SIRET)", its value the identifier. */
export function structureOption(structure: {
  identifier: string;
  designation: string;
}): types.PlainTextOption {
  return { text: plainText(structureName(structure)), value: structure.identifier };
}

function commentBlock(messages: Messages): types.InputBlock {
  return textInputBlock(messages.askFromSlack.comment, inputIds(ActionIds.askComment), {
    optional: true,
    multiline: true,
    maxLength: MAX_REQUEST_COMMENT,
  });
}

/**
 * « Demande de rattachement »: the structure (searched by identifier or designation, or named by the
 * command), its services (none: the whole structure), a comment, and the names of someone with no
 * account yet.
 */
export function joinModal(messages: Messages, form: JoinForm): types.ModalView {
  const labels = messages.askFromSlack;
  const blocks: types.KnownBlock[] = [];
  if (form.newAccount) {
    blocks.push(
      { type: "section", text: mrkdwn(escapeMrkdwn(labels.newAccount(form.email))) },
      textInputBlock(labels.lastName, inputIds(ActionIds.askLastName), { maxLength: MAX_NAME }),
      textInputBlock(labels.firstName, inputIds(ActionIds.askFirstName), { maxLength: MAX_NAME }),
    );
  }
  const structure = form.structure;
  if (structure) {
    blocks.push({
      type: "section",
      block_id: block(ActionIds.askStructure),
      text: mrkdwn(labels.structureChosen(escapeMrkdwn(structureName(structure)))),
    });
    if (structure.services.length > 0) {
      blocks.push({
        type: "input",
        block_id: block(ActionIds.askServices),
        optional: true,
        label: plainText(labels.services, LIMITS.inputLabel),
        hint: plainText(labels.servicesHint, LIMITS.inputLabel),
        element: {
          type: "multi_static_select",
          action_id: ActionIds.askServices,
          placeholder: plainText(labels.servicesPlaceholder, LIMITS.placeholder),
          options: structure.services.slice(0, LIMITS.selectOptions).map((service) => ({
            text: plainText(`${service.label} (${service.code})`),
            value: service.code,
          })),
        },
      });
    }
  } else {
    // Picking a structure redraws the form with its services (dispatch_action).
    blocks.push({
      type: "input",
      block_id: block(ActionIds.askStructure),
      dispatch_action: true,
      label: plainText(labels.structure, LIMITS.inputLabel),
      hint: plainText(labels.structureHint, LIMITS.inputLabel),
      element: {
        type: "external_select",
        action_id: ActionIds.askStructure,
        placeholder: plainText(labels.structurePlaceholder, LIMITS.placeholder),
        min_query_length: 2,
      },
    });
  }
  blocks.push(commentBlock(messages));
  return {
    type: "modal",
    callback_id: CallbackIds.askJoinModal,
    private_metadata: askFormCodec.encode({ identifier: structure?.identifier ?? null }),
    title: modalText(labels.joinTitle),
    submit: modalText(labels.submit),
    close: modalText(labels.cancel),
    blocks,
  };
}

/** The join form as submitted (the structure from the metadata, or the one picked). */
export function readJoinForm(values: StateValues, identifier: string | null): AskToJoinInput {
  const picked = values[block(ActionIds.askStructure)]?.[ActionIds.askStructure]?.selected_option?.value;
  const services = values[block(ActionIds.askServices)]?.[ActionIds.askServices]?.selected_options ?? [];
  const names = values[block(ActionIds.askLastName)]
    ? {
        lastName: typedValue(values, ActionIds.askLastName) ?? "",
        firstName: typedValue(values, ActionIds.askFirstName) ?? "",
      }
    : null;
  return {
    structureIdentifier: identifier ?? (picked ? String(picked) : ""),
    serviceCodes: services.map((option) => String(option.value)),
    comment: typedValue(values, ActionIds.askComment) || null,
    names,
  };
}

/** « Demande d'abonnement »: the spaces the role opens, all services or one, the access, a comment. */
export function subscribeModal(messages: Messages, form: SubscriptionForm): types.ModalView {
  const labels = messages.askFromSlack;
  const accessOptions = Object.values(AccessLevel).map((level) => ({
    text: plainText(messages.accessLevels[level]),
    value: level,
  }));
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      text: mrkdwn(labels.structureChosen(escapeMrkdwn(structureName(form.structure)))),
    },
    {
      type: "input",
      block_id: block(ActionIds.askSpaces),
      label: plainText(labels.spaces, LIMITS.inputLabel),
      element: {
        type: "checkboxes",
        action_id: ActionIds.askSpaces,
        options: form.spaces.map((space) => ({
          text: plainText(spacesLabel(messages, [space])),
          value: space,
        })),
      },
    },
  ];
  if (form.services.length > 0) {
    blocks.push({
      type: "input",
      block_id: block(ActionIds.askService),
      optional: true,
      label: plainText(labels.service, LIMITS.inputLabel),
      element: {
        type: "static_select",
        action_id: ActionIds.askService,
        placeholder: plainText(labels.servicePlaceholder, LIMITS.placeholder),
        options: form.services.slice(0, LIMITS.selectOptions).map((service) => ({
          text: plainText(`${service.label} (${service.code})`),
          value: service.code,
        })),
      },
    });
  }
  blocks.push(
    {
      type: "input",
      block_id: block(ActionIds.askAccess),
      label: plainText(labels.access, LIMITS.inputLabel),
      element: {
        type: "radio_buttons",
        action_id: ActionIds.askAccess,
        options: accessOptions,
        initial_option: accessOptions[0],
      },
    },
    commentBlock(messages),
  );
  return {
    type: "modal",
    callback_id: CallbackIds.askSubscribeModal,
    private_metadata: askFormCodec.encode({ identifier: form.structure.identifier }),
    title: modalText(labels.subscribeTitle),
    submit: modalText(labels.submit),
    close: modalText(labels.cancel),
    blocks,
  };
}

/** The subscription form as submitted. */
export function readSubscribeForm(values: StateValues) {
  const chosen = (action: string) => values[block(action)]?.[action];
  const access = String(chosen(ActionIds.askAccess)?.selected_option?.value ?? "MODIFICATION");
  return {
    spaces: (chosen(ActionIds.askSpaces)?.selected_options ?? [])
      .map((option) => String(option.value))
      .filter((value): value is Space => value in Space),
    serviceCode: chosen(ActionIds.askService)?.selected_option?.value
      ? String(chosen(ActionIds.askService)?.selected_option?.value)
      : null,
    access: access === "CONSULTATION" ? ("CONSULTATION" as const) : ("MODIFICATION" as const),
    comment: typedValue(values, ActionIds.askComment) || null,
  };
}
