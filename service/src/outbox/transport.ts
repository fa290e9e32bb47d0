import { inProcessTransport, natsTransport, type EventTransport } from '../../../generated/events/index.ts';

export interface EventTransportSettings {
  natsUrl: string | undefined;
  stream: string;
  subjectPrefix: string | undefined;
}

/**
 * NATS JetStream when a URL is configured, otherwise in-process delivery (the embedded default:
 * events reach subscribers in this process only). The stream captures every subject under the
 * channel addresses' first segment, under the prefix when there is one.
 */
export async function openEventTransport(settings: EventTransportSettings): Promise<{ transport: EventTransport; kind: 'nats' | 'in-process' }> {
  if (!settings.natsUrl) return { transport: inProcessTransport(), kind: 'in-process' };
  const prefix = settings.subjectPrefix;
  const transport = await natsTransport({
    servers: settings.natsUrl.split(',').map((s) => s.trim()),
    stream: settings.stream,
    streamSubjects: [prefix ? `${prefix}.users.>` : 'users.>'],
    subjectPrefix: prefix,
    name: 'charter-users-service',
  });
  return { transport, kind: 'nats' };
}
