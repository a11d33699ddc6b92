// The official Wix SDK client, pointed at the service under test, and what every test file shares.
//
//   INVENTORY_URL      base URL of the service, e.g. http://127.0.0.1:5080 (required)
//   INVENTORY_API_KEY  API key (default: dev-key, the embedded mode's development key)
//
// The SDK always calls https://www.wixapis.com/stores/v3/...; the custom fetch keeps the path and
// query and sends the request to INVENTORY_URL instead. Method, headers and body are untouched.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createClient, ApiKeyStrategy } from '@wix/sdk';
import { inventoryItemsV3 } from '@wix/stores';

const baseUrl = process.env.INVENTORY_URL;
if (!baseUrl) {
  throw new Error('Set INVENTORY_URL to the base URL of the service under test, e.g. http://127.0.0.1:5080');
}

export const apiKey = process.env.INVENTORY_API_KEY || 'dev-key';

const toService = (url, init) => {
  const sdkUrl = new URL(typeof url === 'string' ? url : url.url);
  return fetch(new URL(sdkUrl.pathname + sdkUrl.search, baseUrl), init);
};

/** A client set up as an app sets it up: ApiKeyStrategy sends "Authorization: <key>". */
export function wixClient(key = apiKey) {
  return createClient({
    modules: { inventoryItemsV3 },
    auth: ApiKeyStrategy({ apiKey: key, siteId: 'inventorygrains-sdk-tests' }),
    fetch: toService,
  });
}

export const inventory = wixClient().inventoryItemsV3;

/**
 * A fresh GUID for a variant, product or location. Every item a test creates gets a variant of
 * its own, and items get the ids the service assigns, so runs never meet each other's items even
 * against a long-running service.
 */
export const newId = () => randomUUID();

/** A new quantity-tracked item: the fields createInventoryItem needs, plus any given. */
export const trackedItem = (fields = {}) => ({ variantId: newId(), productId: newId(), quantity: 10, ...fields });

/** Creates an item through the SDK and returns what the SDK returned. */
export const createItem = (fields = {}) => inventory.createInventoryItem(trackedItem(fields));

/** Awaits a call that must fail and returns the SDK's error for the test to examine. */
export async function sdkError(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the SDK call to fail, but it succeeded');
}

/** The SDK's error for a whole-request failure in the Wix shape: HTTP status and details.applicationError. */
export function assertApplicationError(error, { status, code }) {
  assert.equal(error.constructor.name, 'SDKError', `not an SDK error: ${error?.stack ?? error}`);
  assert.equal(error.status, status, `status of ${error.message}`);
  assert.equal(error.details?.applicationError?.code, code, error.message);
  assert.equal(typeof error.details.applicationError.description, 'string');
  return error.details.applicationError;
}

/** One entry of a bulk answer that failed with the given code; returns its error. */
export function assertFailedEntry(result, { originalIndex, id, code }) {
  assert.equal(result.itemMetadata.originalIndex, originalIndex);
  assert.equal(result.itemMetadata.success, false);
  if (id !== undefined) assert.equal(result.itemMetadata._id, id);
  assert.equal(result.itemMetadata.error?.code, code, JSON.stringify(result.itemMetadata.error));
  assert.equal(typeof result.itemMetadata.error.description, 'string');
  assert.equal(result.item, undefined, 'a failed entry carries no item');
  return result.itemMetadata.error;
}

/** The totals of a bulk answer. */
export function assertTotals(response, successes, failures) {
  assert.deepEqual(response.bulkActionMetadata, { totalSuccesses: successes, totalFailures: failures, undetailedFailures: 0 });
  assert.equal(response.results.length, successes + failures);
}
