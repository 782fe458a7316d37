import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { firstFailure, requestLabel } from '../../../src/actors/request-label.js';
import type { AuditRecord } from '../../../src/protocol/messages.js';

const rec = (operation: string, result = 'Success'): AuditRecord => ({ operation, objectId: null, result });

describe('request labels for the metrics', () => {
  it('names a single KMIP operation, and a batch by its operation when all items share it', () => {
    assert.equal(requestLabel('kmip', [rec('Encrypt')]), 'Encrypt');
    assert.equal(requestLabel('kmip', [rec('Encrypt'), rec('Encrypt', 'Item_Not_Found')]), 'Encrypt');
  });

  it('names a batch of different operations Batch', () => {
    assert.equal(requestLabel('kmip', [rec('Create'), rec('Encrypt')]), 'Batch');
    assert.equal(requestLabel('kmip', [rec('Encrypt'), rec('NoSuchOperation', 'Operation_Not_Supported')]), 'Batch');
  });

  it('never passes on a name the client chose: unknown operations and unreadable requests are kmip', () => {
    assert.equal(requestLabel('kmip', [rec('tenant-42-secret-name', 'Operation_Not_Supported')]), 'kmip');
    assert.equal(requestLabel('kmip', [rec('kmip', 'Invalid_Message')]), 'kmip');
    assert.equal(requestLabel('kmip', [rec('Message', 'Invalid_Message')]), 'kmip');
    assert.equal(requestLabel('kmip', []), 'kmip');
  });

  it('names other requests by their kind', () => {
    assert.equal(requestLabel('owned', [rec('owned')]), 'owned');
    assert.equal(requestLabel('grant', [rec('grant', 'Permission_Denied')]), 'grant');
    assert.equal(requestLabel('attach', []), 'attach');
  });

  it("reports an answered batch's first failure reason, and none for other kinds", () => {
    assert.equal(firstFailure('kmip', [rec('Encrypt'), rec('Get', 'Item_Not_Found'), rec('Get', 'Permission_Denied')]), 'Item_Not_Found');
    assert.equal(firstFailure('kmip', [rec('Encrypt')]), undefined);
    assert.equal(firstFailure('kmip', [rec('Get', 'SOMETHING_ELSE')]), 'General_Failure');
    assert.equal(firstFailure('api-token', [rec('api-token', 'Authentication_Not_Successful')]), undefined);
  });
});
