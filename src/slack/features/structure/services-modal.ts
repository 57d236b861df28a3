import type { types } from "@slack/bolt";
import { z } from "zod";
import { type Messages, spacesLabel } from "../../../i18n/index.ts";
import {
  type DeactivationImpact,
  MAX_SERVICE_CODE,
  MAX_SERVICE_LABEL,
  type ManagedService,
  type ServiceInput,
  type ServicesPage,
} from "../../../services/structures/manage-services.ts";
import { inputIds, pageButtons, type StateValues, textInputBlock, typedValue } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec, pageNumber } from "../../blocks/metadata.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";
import { spacesInputBlock, tickedSpaces } from "./structure-edit-modal.ts";

/** Where « Gérer les services » is: its structure and page (the modal's metadata). */
export const servicesPlaceCodec = metadataCodec(z.object({ structureId: z.string(), page: pageNumber }));

/** The service a form or a confirmation acts on (none: "Ajouter un service"), and the page to go back to. */
export const serviceTargetCodec = metadataCodec(
  z.object({ structureId: z.string(), serviceId: z.string().nullable(), page: pageNumber }),
);

/** What a service's overflow menu asks. */
export type ServiceMenuChoice = { kind: "edit" | "deactivate" | "reactivate"; serviceId: string };

export function readServiceMenuChoice(value: string): ServiceMenuChoice | null {
  const [kind, serviceId] = value.split(":");
  if ((kind !== "edit" && kind !== "deactivate" && kind !== "reactivate") || !serviceId) return null;
  return { kind, serviceId };
}

const block = (actionId: string) => inputIds(actionId).block;

/** The use case's field names → the form's block ids, for `response_action: "errors"`. */
export const serviceFieldBlocks: Record<string, string> = {
  code: block(ActionIds.serviceCode),
  label: block(ActionIds.serviceLabel),
  spaces: block(ActionIds.serviceSpaces),
};

function serviceSection(messages: Messages, service: ManagedService): types.SectionBlock {
  const labels = messages.serviceAdmin;
  const name = escapeMrkdwn(`${clip(service.label, 100)} (${clip(service.code, 50)})`);
  const status = service.active ? "" : ` _(${labels.inactive})_`;
  const spaces =
    service.spaces.length > 0 ? labels.spaces(spacesLabel(messages, service.spaces)) : labels.noSpace;
  const option = (text: string, kind: ServiceMenuChoice["kind"]) => ({
    text: plainText(text),
    value: `${kind}:${service.id}`,
  });
  return {
    type: "section",
    text: mrkdwn(
      `*${name}*${status}\n${labels.attachedUsers(service.attachedUsers)} · ${escapeMrkdwn(spaces)}`,
    ),
    accessory: {
      type: "overflow",
      action_id: ActionIds.serviceMenu,
      options: [
        option(labels.edit, "edit"),
        service.active ? option(labels.deactivate, "deactivate") : option(labels.reactivate, "reactivate"),
      ],
    },
  };
}

/**
 * « Gérer les services » (the structure's principal manager): a page of its services with what each
 * uses and how many users it has, a menu per service (modify, deactivate or reactivate), « Ajouter un
 * service », the pages, and the way back to the card. `notice`: what just happened.
 */
export function servicesModal(messages: Messages, list: ServicesPage, notice?: string): types.ModalView {
  const labels = messages.serviceAdmin;
  const { structure } = list;
  const blocks: types.KnownBlock[] = [];
  if (notice)
    blocks.push({ type: "context", elements: [mrkdwn(`:white_check_mark: ${escapeMrkdwn(notice)}`)] });
  const named = escapeMrkdwn(`${clip(structure.designation, 200)} (${structure.identifier})`);
  blocks.push({
    type: "section",
    text: mrkdwn(labels.intro(`*${named}*`, list.total)),
    accessory: {
      type: "button",
      action_id: ActionIds.serviceAdd,
      text: plainText(labels.add),
      value: structure.id,
    },
  });
  blocks.push(...list.services.map((service) => serviceSection(messages, service)));
  if (list.pageCount > 1)
    blocks.push({ type: "context", elements: [mrkdwn(labels.page(list.page + 1, list.pageCount))] });
  blocks.push(
    ...pageButtons({
      blockId: BlockIds.servicesPages,
      actionIds: { previous: ActionIds.servicesPreviousPage, next: ActionIds.servicesNextPage },
      labels,
      page: list.page,
      pages: list.pageCount,
    }),
  );
  blocks.push({
    type: "actions",
    elements: [
      {
        type: "button",
        action_id: ActionIds.openStructureCard,
        text: plainText(labels.back),
        value: structure.identifier,
      },
    ],
  });
  return {
    type: "modal",
    callback_id: CallbackIds.servicesModal,
    private_metadata: servicesPlaceCodec.encode({ structureId: structure.id, page: list.page }),
    title: modalText(labels.title),
    close: modalText(labels.close),
    blocks,
  };
}

/**
 * "Ajouter un service" (no `service`) or "Modifier le service": code (fixed once created), label, and
 * the spaces it uses among the structure's.
 */
export function serviceFormModal(
  messages: Messages,
  place: { structureId: string; page: number; structureSpaces: ServicesPage["structure"]["spaces"] },
  service?: ManagedService,
): types.ModalView {
  const labels = messages.serviceAdmin;
  const blocks: types.KnownBlock[] = [];
  if (service) {
    blocks.push({
      type: "section",
      text: mrkdwn(`*${labels.code}*\n${escapeMrkdwn(service.code)}`),
    });
  } else {
    blocks.push(
      textInputBlock(labels.code, inputIds(ActionIds.serviceCode), {
        hint: labels.codeHint,
        maxLength: MAX_SERVICE_CODE,
      }),
    );
  }
  blocks.push(
    textInputBlock(labels.label, inputIds(ActionIds.serviceLabel), {
      initial: service?.label,
      maxLength: MAX_SERVICE_LABEL,
    }),
  );
  // New services use every space of the structure, as the structure's own services do.
  const chosen = service ? service.spaces : place.structureSpaces;
  if (place.structureSpaces.length > 0) {
    blocks.push(
      spacesInputBlock(messages, inputIds(ActionIds.serviceSpaces), {
        label: labels.spacesField,
        hint: labels.spacesHint,
        offered: place.structureSpaces,
        chosen,
      }),
    );
  } else {
    blocks.push({ type: "context", elements: [mrkdwn(labels.noStructureSpace)] });
  }
  return {
    type: "modal",
    callback_id: CallbackIds.serviceFormModal,
    private_metadata: serviceTargetCodec.encode({
      structureId: place.structureId,
      serviceId: service?.id ?? null,
      page: place.page,
    }),
    title: modalText(service ? labels.editTitle : labels.addTitle),
    submit: modalText(labels.submit),
    close: modalText(labels.cancel),
    blocks,
  };
}

/** The form's fields as submitted (the code is read only where the form asks it). */
export function readServiceForm(values: StateValues): ServiceInput {
  const text = (action: string) => typedValue(values, action) ?? "";
  return {
    code: text(ActionIds.serviceCode),
    label: text(ActionIds.serviceLabel),
    spaces: tickedSpaces(values, inputIds(ActionIds.serviceSpaces)),
  };
}

/** "Désactiver le service" when it touches users or requests: what will happen to each, to confirm. */
export function serviceDeactivationModal(
  messages: Messages,
  impact: DeactivationImpact,
  page: number,
): types.ModalView {
  const labels = messages.serviceAdmin;
  const structure = escapeMrkdwn(
    `${clip(impact.structure.designation, 200)} (${impact.structure.identifier})`,
  );
  const lines = [labels.confirmIntro(escapeMrkdwn(clip(impact.service.label, 200)), structure)];
  const users = impact.attachedUsers;
  if (users.length > 0) {
    const shown = users.slice(0, 20).map((user) => `${user.firstName} ${user.lastName}`);
    const names = escapeMrkdwn(clip(shown.join(", ") + (users.length > shown.length ? ", …" : ""), 1500));
    lines.push(labels.confirmUsers(users.length, names));
  }
  if (impact.pendingSubscriptionRequests > 0)
    lines.push(labels.confirmSubscriptionRequests(impact.pendingSubscriptionRequests));
  if (impact.pendingAttachmentRequests > 0)
    lines.push(labels.confirmAttachmentRequests(impact.pendingAttachmentRequests));
  if (users.length > 0) lines.push(labels.confirmReactivation);
  return {
    type: "modal",
    callback_id: CallbackIds.serviceDeactivateModal,
    private_metadata: serviceTargetCodec.encode({
      structureId: impact.structure.id,
      serviceId: impact.service.id,
      page,
    }),
    title: modalText(labels.confirmTitle),
    submit: modalText(labels.confirmSubmit),
    close: modalText(labels.cancel),
    blocks: [{ type: "section", text: mrkdwn(lines.join("\n"), LIMITS.sectionText) }],
  };
}
