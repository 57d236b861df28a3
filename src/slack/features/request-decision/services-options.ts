import type { AllMiddlewareArgs, BlockSuggestion, SlackOptionsMiddlewareArgs } from "@slack/bolt";
import { searchChoosableServices } from "../../../services/requests/search-choosable-services.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { decodeModalMetadata, serviceOption } from "./request-modals.ts";

type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;

/** Options of the searchable services selector (structures with more than 100 services). */
export function servicesOptions(deps: ListenerDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const suggestion = body as BlockSuggestion;
    try {
      const metadata = decodeModalMetadata(suggestion.view?.private_metadata);
      const who = whoSent(suggestion);
      const actor = await resolveSlackActor(deps.ctx, deps.directory, who);
      const services = await searchChoosableServices(deps.ctx, actor, {
        requestId: metadata?.requestId ?? "",
        query: suggestion.value,
      });
      await ack({ options: services.map(serviceOption) });
    } catch (error) {
      explainToUser(deps.ctx, error, suggestion.user.id);
      await ack({ options: [] });
    }
  };
}
