/**
 * CloudFormation custom resource protocol: the request CloudFormation sends, and the response PUT to its
 * pre-signed `ResponseURL`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
import * as http from 'http';
import * as https from 'https';
import { URL } from 'url';
import { log } from './aws';

/** A custom resource request as CloudFormation sends it (every property value is a string, list or object). */
export interface CfnRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

/** True when `event` is a CloudFormation custom resource request. */
export function isCfnRequest(event: unknown): event is CfnRequest {
  const e = event as Partial<CfnRequest> | undefined;
  return !!e && typeof e.RequestType === 'string' && typeof e.ResponseURL === 'string' && typeof e.StackId === 'string';
}

/** What the handler reports to CloudFormation. */
export interface CfnOutcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalResourceId: string;
  readonly reason?: string;
  readonly data?: Record<string, string>;
}

/** CloudFormation refuses responses over 4096 bytes; the reason is cut well below that. */
export const MAX_REASON_LENGTH = 2000;

/** The JSON body CloudFormation expects. */
export function responseBody(request: CfnRequest, outcome: CfnOutcome): string {
  const reason = outcome.reason ?? (outcome.status === 'SUCCESS' ? 'OK' : 'FAILED');
  return JSON.stringify({
    Status: outcome.status,
    Reason: reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 3)}...` : reason,
    PhysicalResourceId: outcome.physicalResourceId,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
    Data: outcome.data,
  });
}

/** PUTs the outcome to the request's pre-signed URL (https, or http for local tests). Retries network errors. */
export async function respond(request: CfnRequest, outcome: CfnOutcome): Promise<void> {
  const body = responseBody(request, outcome);
  log('responding to CloudFormation', {
    logicalResourceId: request.LogicalResourceId,
    status: outcome.status,
    physicalResourceId: outcome.physicalResourceId,
    reason: outcome.reason,
  });
  let lastError: unknown;
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      await put(request.ResponseURL, body);
      return;
    } catch (err) {
      lastError = err;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
  throw lastError;
}

function put(responseUrl: string, body: string): Promise<void> {
  const url = new URL(responseUrl);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request({
      hostname: url.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`response PUT answered ${res.statusCode}`)));
    });
    req.on('error', reject);
    req.end(body);
  });
}
