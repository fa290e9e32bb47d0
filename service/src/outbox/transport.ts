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
export interface OpenTransport {
  transport: EventTransport;
  kind: 'nats' | 'in-process';
  /** For readiness: resolves with a reason when the broker connection is not usable; absent for in-process delivery. */
  brokerCheck?: () => Promise<void | string>;
}

export async function openEventTransport(settings: EventTransportSettings): Promise<OpenTransport> {
  if (!settings.natsUrl) return { transport: inProcessTransport(), kind: 'in-process' };
  const prefix = settings.subjectPrefix;
  const transport = await natsTransport({
    servers: settings.natsUrl.split(',').map((s) => s.trim()),
    stream: settings.stream,
    streamSubjects: [prefix ? `${prefix}.users.>` : 'users.>'],
    subjectPrefix: prefix,
    name: 'charter-users-service',
  });
  const brokerCheck = async (): Promise<void | string> => {
    if (transport.connection.isClosed()) return 'the NATS connection is closed';
    // A round trip proves the server answers, not just that the socket is open.
    await transport.connection.flush();
  };
  return { transport, kind: 'nats', brokerCheck };
}
