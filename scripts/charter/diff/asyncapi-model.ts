/**
 * The diff's names for the AsyncAPI model of one side: channels and operations keyed as the
 * engine matches them (3.x operations by key; 2.x by channel and verb, so an operationId added
 * or renamed is the same operation), read from the one AsyncAPI model (`model/asyncapi.ts`).
 */
import type { DocSide } from './docside.ts';
import type { AsyncMessage, AsyncOperation, Channel } from './rule.ts';
import type { Node } from './types.ts';
import { security2 as readSecurity2, security3, type AsyncApiModel, type MessageModel } from '../model/asyncapi.ts';

export interface AsyncModel {
  channels: Map<string, Channel>;
  operations: Map<string, AsyncOperation>;
}

/** The one AsyncAPI model of a side (built once per side). */
export function asyncApiModelOf(side: DocSide): AsyncApiModel {
  return side.asyncapi;
}

export function asyncModel(side: DocSide): AsyncModel {
  const model = asyncApiModelOf(side);
  const channels = new Map<string, Channel>();
  for (const c of model.channels) {
    channels.set(c.key, {
      id: c.key,
      address: c.address,
      node: c.node,
      parameters: Object.fromEntries(c.parameters.map((p) => [p.name, p.node])),
      servers: c.servers,
      actions: new Set(c.actions),
    });
  }
  const operations = new Map<string, AsyncOperation>();
  for (const o of model.operations) {
    operations.set(o.key, {
      id: o.id,
      key: o.key,
      ...(o.operationId !== undefined ? { operationId: o.operationId } : {}),
      action: o.action,
      channelId: o.channelKey,
      node: o.node,
      messages: o.messages.map(asDiffMessage),
      replyMessages: (o.reply?.messages ?? []).map(asDiffMessage),
      deprecated: o.deprecated,
      security: o.security,
      securityNode: o.securityNode,
    });
  }
  return { channels, operations };
}

function asDiffMessage(m: MessageModel): AsyncMessage {
  return {
    key: m.key,
    node: m.node,
    payload: m.payload?.node,
    headers: m.headers?.node,
    contentType: m.contentType,
    schemaFormat: m.payload?.formatNode?.value,
  };
}

/** 3.x security: a list of Security Scheme Objects (or refs), any one of which is enough. */
export function security30(side: DocSide, list: Node): Array<Record<string, string[]>> {
  return security3(side.asyncapi.resolver, list);
}

/** 2.x security: requirement objects, as in OpenAPI. */
export function security2(list: unknown): Array<Record<string, string[]>> | undefined {
  return readSecurity2(list);
}
