// Stock movements of inventoryItemsV3: bulkDecrementInventoryItems, bulkIncrementInventoryItems.
// Still to come here, one describe() each: bulkDecrementInventoryItemsByVariantAndLocation,
// bulkIncrementInventoryItemsByVariantAndLocation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  inventory, newId, trackedItem, createItem, sdkError, assertApplicationError, assertFailedEntry, assertTotals,
} from './lib/client.mjs';

// An item tracked by status cannot move by quantity: the code the SDK declares for it.
const NOT_TRACKED = 'INVENTORY_QUANTITY_NOT_TRACKED';

const untrackedItem = () => {
  const { quantity, ...fields } = trackedItem({ inStock: true });
  return inventory.createInventoryItem(fields);
};

describe('bulkDecrementInventoryItems', () => {
  test('takes stock away and moves the revision on', async () => {
    const item = await createItem({ quantity: 10 });

    const response = await inventory.bulkDecrementInventoryItems(
      [{ inventoryItemId: item._id, decrementBy: 3 }],
      { returnEntity: true, reason: 'ORDER' },
    );

    assertTotals(response, 1, 0);
    const [result] = response.results;
    assert.equal(result.itemMetadata._id, item._id);
    assert.equal(result.item.quantity, 7);
    assert.equal(result.item.revision, '2');
    assert.equal(result.item.availabilityStatus, 'IN_STOCK');
    assert.equal((await inventory.getInventoryItem(item._id)).quantity, 7);
  });

  test('applies several entries for one item in order and reports each', async () => {
    const item = await createItem({ quantity: 5 });

    const response = await inventory.bulkDecrementInventoryItems(
      [{ inventoryItemId: item._id, decrementBy: 2 }, { inventoryItemId: item._id, decrementBy: 3 }],
      { returnEntity: true },
    );

    assertTotals(response, 2, 0);
    assert.deepEqual(response.results.map((r) => [r.item.quantity, r.item.revision]), [[3, '2'], [0, '3']]);
    assert.equal(response.results[1].item.availabilityStatus, 'OUT_OF_STOCK');
  });

  test('refuses to go below zero by default (restrictInventory) with INSUFFICIENT_INVENTORY', async () => {
    const item = await createItem({ quantity: 2 });

    const response = await inventory.bulkDecrementInventoryItems([{ inventoryItemId: item._id, decrementBy: 5 }], { returnEntity: true });

    assertTotals(response, 0, 1);
    assertFailedEntry(response.results[0], { originalIndex: 0, id: item._id, code: 'INSUFFICIENT_INVENTORY' });
    const stored = await inventory.getInventoryItem(item._id);
    assert.equal(stored.quantity, 2);
    assert.equal(stored.revision, '1');
  });

  test('goes below zero with restrictInventory: false', async () => {
    const item = await createItem({ quantity: 2 });

    const response = await inventory.bulkDecrementInventoryItems(
      [{ inventoryItemId: item._id, decrementBy: 5 }],
      { restrictInventory: false, returnEntity: true, reason: 'ORDER' },
    );

    assertTotals(response, 1, 0);
    assert.equal(response.results[0].item.quantity, -3);
    assert.equal(response.results[0].item.availabilityStatus, 'OUT_OF_STOCK');
  });

  test('counts a preorder request against the preorder limit, not the stock', async () => {
    const item = await createItem({ quantity: 0, preorderInfo: { enabled: true, limit: 3 } });

    const taken = await inventory.bulkDecrementInventoryItems(
      [{ inventoryItemId: item._id, decrementBy: 2, preorderRequest: true }],
      { returnEntity: true, reason: 'ORDER' },
    );
    const refused = await inventory.bulkDecrementInventoryItems(
      [{ inventoryItemId: item._id, decrementBy: 2, preorderRequest: true }],
      { returnEntity: true, reason: 'ORDER' },
    );

    const [result] = taken.results;
    assert.equal(result.item.quantity, 0);
    assert.deepEqual(result.item.preorderInfo, { enabled: true, limit: 3, counter: 2, quantity: 1 });
    assert.equal(result.item.availabilityStatus, 'PREORDER');
    assertTotals(refused, 0, 1);
    assertFailedEntry(refused.results[0], { originalIndex: 0, id: item._id, code: 'PREORDER_LIMIT_EXCEEDED' });
  });

  test('fails only the entry for a missing item', async () => {
    const item = await createItem({ quantity: 4 });
    const missing = newId();

    const response = await inventory.bulkDecrementInventoryItems(
      [{ inventoryItemId: missing, decrementBy: 1 }, { inventoryItemId: item._id, decrementBy: 1 }],
      { returnEntity: true },
    );

    assertTotals(response, 1, 1);
    assertFailedEntry(response.results[0], { originalIndex: 0, id: missing, code: 'INVENTORY_ITEM_NOT_FOUND' });
    assert.equal(response.results[1].item.quantity, 3);
  });

  test('fails an entry for an item tracked by status, leaving it unchanged', async () => {
    const item = await untrackedItem();

    const response = await inventory.bulkDecrementInventoryItems([{ inventoryItemId: item._id, decrementBy: 1 }]);

    assertTotals(response, 0, 1);
    assertFailedEntry(response.results[0], { originalIndex: 0, id: item._id, code: NOT_TRACKED });
    assert.deepEqual(await inventory.getInventoryItem(item._id), item);
  });
});

describe('bulkIncrementInventoryItems', () => {
  test('adds stock and moves the revision on', async () => {
    const item = await createItem({ quantity: 0 });

    const response = await inventory.bulkIncrementInventoryItems(
      [{ inventoryItemId: item._id, incrementBy: 4 }],
      { returnEntity: true, reason: 'REVERT_INVENTORY_CHANGE' },
    );

    assertTotals(response, 1, 0);
    const [result] = response.results;
    assert.equal(result.itemMetadata._id, item._id);
    assert.equal(result.item.quantity, 4);
    assert.equal(result.item.revision, '2');
    assert.equal(result.item.availabilityStatus, 'IN_STOCK');
    assert.equal((await inventory.getInventoryItem(item._id)).quantity, 4);
  });

  test('returns only the metadata without returnEntity (the default)', async () => {
    const item = await createItem({ quantity: 1 });

    const response = await inventory.bulkIncrementInventoryItems([{ inventoryItemId: item._id, incrementBy: 1 }]);

    assertTotals(response, 1, 0);
    assert.deepEqual(response.results[0], { itemMetadata: { _id: item._id, originalIndex: 0, success: true } });
    assert.equal((await inventory.getInventoryItem(item._id)).quantity, 2);
  });

  test('adds up concurrent increments of one item without losing any', async () => {
    const item = await createItem({ quantity: 0 });

    const responses = await Promise.all(Array.from({ length: 10 }, () =>
      inventory.bulkIncrementInventoryItems([{ inventoryItemId: item._id, incrementBy: 1 }])));

    assert.ok(responses.every((r) => r.bulkActionMetadata.totalSuccesses === 1));
    const stored = await inventory.getInventoryItem(item._id);
    assert.equal(stored.quantity, 10);
    assert.equal(stored.revision, '11');
  });

  test('fails only the entry for a missing item or for an item tracked by status', async () => {
    const item = await createItem({ quantity: 1 });
    const untracked = await untrackedItem();
    const missing = newId();

    const response = await inventory.bulkIncrementInventoryItems([
      { inventoryItemId: item._id, incrementBy: 2 },
      { inventoryItemId: missing, incrementBy: 1 },
      { inventoryItemId: untracked._id, incrementBy: 1 },
    ], { returnEntity: true });

    assertTotals(response, 1, 2);
    assert.equal(response.results[0].item.quantity, 3);
    assertFailedEntry(response.results[1], { originalIndex: 1, id: missing, code: 'INVENTORY_ITEM_NOT_FOUND' });
    assertFailedEntry(response.results[2], { originalIndex: 2, id: untracked._id, code: NOT_TRACKED });
    assert.deepEqual(await inventory.getInventoryItem(untracked._id), untracked);
  });

  test('rejects a reason the SDK does not know as a whole with 400 INVALID_ARGUMENT', async () => {
    const item = await createItem({ quantity: 1 });

    const error = await sdkError(inventory.bulkIncrementInventoryItems([{ inventoryItemId: item._id, incrementBy: 1 }], { reason: 'SYNC' }));

    assertApplicationError(error, { status: 400, code: 'INVALID_ARGUMENT' });
    assert.equal((await inventory.getInventoryItem(item._id)).quantity, 1);
  });
});

describe('bulkDecrementInventoryItemsByVariantAndLocation', () => {
  test('takes stock from the item of each variant at its location; a variant not stocked there is NOT_FOUND', async () => {
    const location = newId();
    const item = await createItem({ quantity: 10, locationId: location });
    const elsewhere = await createItem({ quantity: 10 });

    const response = await inventory.bulkDecrementInventoryItemsByVariantAndLocation([
      { variantId: item.variantId, locationId: location, decrementBy: 3 },
      { variantId: elsewhere.variantId, locationId: location, decrementBy: 1 },
      { variantId: item.variantId, locationId: location, decrementBy: 20 },
    ], { returnEntity: true, reason: 'ORDER' });

    assertTotals(response, 1, 2);
    assert.equal(response.results[0].itemMetadata._id, item._id);
    assert.equal(response.results[0].item.quantity, 7);
    assertFailedEntry(response.results[1], { originalIndex: 1, code: 'NOT_FOUND' });
    assertFailedEntry(response.results[2], { originalIndex: 2, id: item._id, code: 'INSUFFICIENT_INVENTORY' });
    assert.equal((await inventory.getInventoryItem(elsewhere._id)).quantity, 10);
  });
});

describe('bulkIncrementInventoryItemsByVariantAndLocation', () => {
  test('adds stock to the item of each variant at the default location when none is named', async () => {
    const item = await createItem({ quantity: 1 });
    const untracked = await untrackedItem();

    const response = await inventory.bulkIncrementInventoryItemsByVariantAndLocation([
      { variantId: item.variantId, incrementBy: 4 },
      { variantId: untracked.variantId, incrementBy: 1 },
    ], { returnEntity: false });

    assertTotals(response, 1, 1);
    assert.equal(response.results[0].item, undefined);
    assertFailedEntry(response.results[1], { originalIndex: 1, id: untracked._id, code: NOT_TRACKED });
    assert.equal((await inventory.getInventoryItem(item._id)).quantity, 5);
  });
});
