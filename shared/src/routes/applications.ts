import { z } from 'zod';
import {
  application,
  applicationRequest,
  applicationStatus,
  applicationStatusView,
  invitationCreated,
  rejectApplicationRequest,
} from '../schemas/membership.js';
import { defineRoute } from './define.js';
import { linkToken, recordId } from './ids.js';

const ofApplication = { id: recordId };

/** Applying for membership, and the coordinators' review (server/src/applications/). */
export const applications = {
  apply: defineRoute({
    method: 'POST',
    path: '/applications',
    auth: 'public',
    body: applicationRequest,
    status: 201,
    response: z.strictObject({ application: applicationStatusView, statusUrl: z.string() }),
  }),
  /** Public, with the token of the status link. */
  status: defineRoute({
    method: 'GET',
    path: '/applications/status',
    auth: 'public',
    query: z.object({ token: linkToken }),
    response: z.strictObject({ application: applicationStatusView }),
  }),
  list: defineRoute({
    method: 'GET',
    path: '/applications',
    auth: 'user',
    query: z.object({ status: applicationStatus.optional() }),
    response: z.strictObject({ applications: z.array(application) }),
  }),
  approve: defineRoute({
    method: 'POST',
    path: '/applications/:id/approve',
    auth: 'user',
    params: ofApplication,
    response: z.strictObject({ application, organisationId: z.string(), invitation: invitationCreated }),
  }),
  reject: defineRoute({
    method: 'POST',
    path: '/applications/:id/reject',
    auth: 'user',
    params: ofApplication,
    body: rejectApplicationRequest,
    response: z.strictObject({ application }),
  }),
};
