// The by-filter methods of inventoryItemsV3: each answers a job id; the job's progress is read at
// the service's own GET /v1/inventory-item-jobs/{jobId}.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inventory, apiKey, newId, createItem, sdkError, assertApplicationError } from './lib/client.mjs';

/** Polls the service's job route until the job completed; returns it. */
async function completed(jobId) {
  const url = new URL(`/v1/inventory-item-jobs/${jobId}`, process.env.INVENTORY_URL);
  for (let attempt = 0; attempt < 300; attempt++) {
    const response = await fetch(url, { headers: { 'X-Auth-Token': apiKey } });
    assert.equal(response.status, 200);
    const job = await response.json();
    if (job.state === 'COMPLETED') return job;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  assert.fail(`job ${jobId} did not complete`);
}

async function productItems(...quantities) {
  const productId = newId();
  const items = [];
  for (const quantity of quantities) items.push(await createItem({ productId, quantity }));
  return { productId, items };
}

describe('bulkUpdateInventoryItemsByFilter', () => {
  test('sets the fields on every item the filter selects', async () => {
    const { productId, items } = await productItems(1, 2);

    const { jobId } = await inventory.bulkUpdateInventoryItemsByFilter({ productId }, { inventoryItem: { quantity: 50 } });
    const job = await completed(jobId);

    assert.equal(job.succeeded, 2);
    for (const item of items) assert.equal((await inventory.getInventoryItem(item._id)).quantity, 50);
  });
});

describe('bulkAdjustInventoryItemsByFilter and bulkSetOrAdjustInventoryItemsByFilter', () => {
  test('adjust tracked items; a decrement below zero fails that item alone', async () => {
    const { productId, items } = await productItems(1, 8);

    const job = await completed((await inventory.bulkAdjustInventoryItemsByFilter({ productId }, { adjustment: { decrementBy: 3 } })).jobId);
    const again = await completed((await inventory.bulkSetOrAdjustInventoryItemsByFilter({ productId }, { adjustedInventoryAction: { incrementBy: 2 } })).jobId);

    assert.deepEqual([job.succeeded, job.failuresByCode], [1, { INSUFFICIENT_INVENTORY: 1 }]);
    assert.equal(again.succeeded, 2);
    assert.deepEqual(await Promise.all(items.map(async item => (await inventory.getInventoryItem(item._id)).quantity)), [3, 7]);
  });
});

describe('bulkCreateInventoryItemsByVariantFilter and bulkDeleteInventoryItemsByFilter', () => {
  test('stock the selected variants at a new location, then delete them there', async () => {
    const { productId } = await productItems(4, 5);
    const locationId = newId();

    // The SDK's filter is a variant filter, in the field names of the variant search.
    const created = await completed((await inventory.bulkCreateInventoryItemsByVariantFilter({ 'productData.productId': productId }, { locationId, inventoryCreationData: { quantity: 7 } })).jobId);
    const there = await inventory.queryInventoryItems().eq('productId', productId).eq('locationId', locationId).find();
    const deleted = await completed((await inventory.bulkDeleteInventoryItemsByFilter({ productId, locationId })).jobId);
    const left = await inventory.countInventoryItems({ filter: { productId } });

    assert.equal(created.succeeded, 2);
    assert.deepEqual(there.items.map(item => item.quantity), [7, 7]);
    assert.equal(deleted.succeeded, 2);
    assert.equal(left.count, 2);
  });
});

describe('bulkCreateInventoryItemsByVariantFilter', () => {
  test('refuses a variant field the service does not know with 400 naming it, and starts nothing', async () => {
    const error = await sdkError(inventory.bulkCreateInventoryItemsByVariantFilter({ 'productData.productId': newId(), visible: true }, { locationId: newId(), inventoryCreationData: { quantity: 1 } }));

    const applicationError = assertApplicationError(error, { status: 400, code: 'INVALID_ARGUMENT' });
    assert.equal(applicationError.data.field, 'filter.visible');
  });
});
