// Single-item methods of inventoryItemsV3: createInventoryItem, getInventoryItem.
// updateInventoryItem, deleteInventoryItem.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  inventory, wixClient, newId, trackedItem, createItem, sdkError, assertApplicationError,
} from './lib/client.mjs';

describe('createInventoryItem', () => {
  test('creates a quantity-tracked item and returns it with its id, revision 1 and dates', async () => {
    const fields = trackedItem({ quantity: 12, preorderInfo: { enabled: true, message: 'Ships in May', limit: 5 } });

    const item = await inventory.createInventoryItem(fields);

    assert.match(item._id, /\S/);
    assert.equal(item.revision, '1');
    assert.equal(item.variantId, fields.variantId);
    assert.equal(item.productId, fields.productId);
    assert.equal(item.trackQuantity, true);
    assert.equal(item.quantity, 12);
    assert.equal('inStock' in item, false, 'quantity and inStock are one-of');
    assert.equal(item.availabilityStatus, 'IN_STOCK');
    assert.deepEqual(item.preorderInfo, { enabled: true, message: 'Ships in May', limit: 5, counter: 0, quantity: 5 });
    assert.ok(item._createdDate instanceof Date, 'the SDK turns createdDate into a Date');
    assert.ok(Math.abs(item._createdDate - Date.now()) < 5 * 60_000, `createdDate ${item._createdDate.toISOString()} is now`);
    assert.equal(item._updatedDate.getTime(), item._createdDate.getTime());
  });

  test('creates a status-tracked item (inStock) without a quantity', async () => {
    const { quantity, ...fields } = trackedItem({ inStock: false });

    const item = await inventory.createInventoryItem(fields);

    assert.equal(item.trackQuantity, false);
    assert.equal(item.inStock, false);
    assert.equal('quantity' in item, false, 'quantity and inStock are one-of');
    assert.equal(item.availabilityStatus, 'OUT_OF_STOCK');
    assert.equal(item.revision, '1');
  });

  test('gives every item an id of its own', async () => {
    const [first, second] = await Promise.all([createItem(), createItem()]);

    assert.notEqual(first._id, second._id);
  });

  test('rejects quantity and inStock together with 400 INVALID_ARGUMENT', async () => {
    const error = await sdkError(inventory.createInventoryItem(trackedItem({ inStock: true })));

    const applicationError = assertApplicationError(error, { status: 400, code: 'INVALID_ARGUMENT' });
    assert.match(applicationError.description, /quantity.*inStock/);
  });
});

describe('getInventoryItem', () => {
  test('returns the item as created', async () => {
    const created = await createItem({ quantity: 3 });

    const item = await inventory.getInventoryItem(created._id);

    assert.deepEqual(item, created);
  });

  test('rejects a missing item with 404 and the Wix error details', async () => {
    const missing = newId();

    const error = await sdkError(inventory.getInventoryItem(missing));

    const applicationError = assertApplicationError(error, { status: 404, code: 'INVENTORY_ITEM_NOT_FOUND' });
    assert.match(applicationError.description, new RegExp(missing));
  });

  test('rejects a wrong API key with 401 UNAUTHENTICATED', async () => {
    const created = await createItem();

    const error = await sdkError(wixClient('not-the-key').inventoryItemsV3.getInventoryItem(created._id));

    assertApplicationError(error, { status: 401, code: 'UNAUTHENTICATED' });
  });

  test('rejects an empty API key with 401 UNAUTHENTICATED', async () => {
    const error = await sdkError(wixClient('').inventoryItemsV3.getInventoryItem(newId()));

    assertApplicationError(error, { status: 401, code: 'UNAUTHENTICATED' });
  });
});

describe('createInventoryItem: one item per variant and location', () => {
  test('refuses a second item of a variant at the same location with 409 ITEM_ALREADY_EXISTS', async () => {
    const first = await createItem();

    const error = await sdkError(inventory.createInventoryItem(trackedItem({ variantId: first.variantId })));
    const atAnotherLocation = await inventory.createInventoryItem(trackedItem({ variantId: first.variantId, locationId: newId() }));

    const applicationError = assertApplicationError(error, { status: 409, code: 'ITEM_ALREADY_EXISTS' });
    assert.match(applicationError.description, new RegExp(first._id));
    assert.equal(atAnotherLocation.variantId, first.variantId);
  });
});

describe('updateInventoryItem', () => {
  test('changes the given fields at the current revision and leaves the others', async () => {
    const item = await createItem({ quantity: 5, preorderInfo: { enabled: true, message: 'Soon', limit: 9 } });

    const updated = await inventory.updateInventoryItem(item._id, { revision: item.revision, quantity: 2 }, { reason: 'MANUAL' });

    assert.equal(updated.revision, '2');
    assert.equal(updated.quantity, 2);
    assert.deepEqual(updated.preorderInfo, item.preorderInfo);
    assert.deepEqual(await inventory.getInventoryItem(item._id), updated);
  });

  test('switches the tracking method when inStock is given', async () => {
    const item = await createItem({ quantity: 5 });

    const updated = await inventory.updateInventoryItem(item._id, { revision: item.revision, inStock: true });

    assert.equal(updated.trackQuantity, false);
    assert.equal(updated.inStock, true);
    assert.equal('quantity' in updated, false);
  });

  test('refuses a stale revision with 409 REVISION_MISMATCH and the current revision', async () => {
    const item = await createItem();
    await inventory.updateInventoryItem(item._id, { revision: item.revision, quantity: 1 });

    const error = await sdkError(inventory.updateInventoryItem(item._id, { revision: item.revision, quantity: 2 }));

    const applicationError = assertApplicationError(error, { status: 409, code: 'REVISION_MISMATCH' });
    assert.deepEqual(applicationError.data, { currentRevision: '2' });
    assert.equal((await inventory.getInventoryItem(item._id)).quantity, 1);
  });

  test('refuses a missing item with 404', async () => {
    const error = await sdkError(inventory.updateInventoryItem(newId(), { revision: '1', quantity: 1 }));

    assertApplicationError(error, { status: 404, code: 'INVENTORY_ITEM_NOT_FOUND' });
  });
});

describe('deleteInventoryItem', () => {
  test('deletes the item, which is then not found, and frees its variant at its location', async () => {
    const item = await createItem();

    const answer = await inventory.deleteInventoryItem(item._id);

    assert.equal(answer, undefined);
    assertApplicationError(await sdkError(inventory.getInventoryItem(item._id)), { status: 404, code: 'INVENTORY_ITEM_NOT_FOUND' });
    assertApplicationError(await sdkError(inventory.deleteInventoryItem(item._id)), { status: 404, code: 'INVENTORY_ITEM_NOT_FOUND' });
    const successor = await inventory.createInventoryItem(trackedItem({ variantId: item.variantId }));
    assert.notEqual(successor._id, item._id);
  });
});
