// Bulk item methods of inventoryItemsV3: bulkCreateInventoryItems, bulkUpdateInventoryItems.
// Still to come here, one describe() each: bulkUpsertInventoryItems, bulkDeleteInventoryItems.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  inventory, newId, trackedItem, createItem, sdkError, assertApplicationError, assertFailedEntry, assertTotals,
} from './lib/client.mjs';

describe('bulkCreateInventoryItems', () => {
  test('creates every item, in request order, and returns them with returnEntity', async () => {
    const tracked = trackedItem({ quantity: 4 });
    const { quantity, ...untracked } = trackedItem({ inStock: true });

    const response = await inventory.bulkCreateInventoryItems([tracked, untracked], { returnEntity: true });

    assertTotals(response, 2, 0);
    const [first, second] = response.results;
    assert.deepEqual([first.itemMetadata.originalIndex, second.itemMetadata.originalIndex], [0, 1]);
    assert.equal(first.itemMetadata.success, true);
    assert.equal(first.itemMetadata._id, first.item._id);
    assert.equal(first.item.variantId, tracked.variantId);
    assert.equal(first.item.quantity, 4);
    assert.equal(first.item.revision, '1');
    assert.ok(first.item._createdDate instanceof Date);
    assert.equal(second.item.variantId, untracked.variantId);
    assert.equal(second.item.trackQuantity, false);
    assert.equal(second.item.inStock, true);
    assert.deepEqual(await inventory.getInventoryItem(first.item._id), first.item);
    assert.deepEqual(await inventory.getInventoryItem(second.item._id), second.item);
  });

  test('returns only the metadata without returnEntity (the default), and the items exist', async () => {
    const fields = trackedItem({ quantity: 6 });

    const response = await inventory.bulkCreateInventoryItems([fields]);

    assertTotals(response, 1, 0);
    const [result] = response.results;
    assert.equal(result.item, undefined);
    assert.equal(result.itemMetadata.success, true);
    const stored = await inventory.getInventoryItem(result.itemMetadata._id);
    assert.equal(stored.variantId, fields.variantId);
    assert.equal(stored.quantity, 6);
  });

  test('fails one entry without failing the others', async () => {
    const good = trackedItem({ quantity: 1 });

    const response = await inventory.bulkCreateInventoryItems([good, trackedItem({ inStock: true })], { returnEntity: true });

    assertTotals(response, 1, 1);
    assert.equal(response.results[0].item.variantId, good.variantId);
    assertFailedEntry(response.results[1], { originalIndex: 1, code: 'INVALID_ARGUMENT' });
  });

  test('rejects an empty list as a whole with 400 INVALID_ARGUMENT', async () => {
    const error = await sdkError(inventory.bulkCreateInventoryItems([]));

    assertApplicationError(error, { status: 400, code: 'INVALID_ARGUMENT' });
  });
});

describe('bulkUpdateInventoryItems', () => {
  test('updates an item at its current revision and moves the revision on', async () => {
    const item = await createItem({ quantity: 10 });

    const response = await inventory.bulkUpdateInventoryItems(
      [{ inventoryItem: { _id: item._id, revision: item.revision, quantity: 7 } }],
      { returnEntity: true, reason: 'MANUAL' },
    );

    assertTotals(response, 1, 0);
    const [result] = response.results;
    assert.equal(result.itemMetadata._id, item._id);
    assert.equal(result.item.quantity, 7);
    assert.equal(result.item.revision, '2');
    assert.equal(result.item.variantId, item.variantId, 'fields not sent stay as they were');
    assert.equal(result.item._createdDate.getTime(), item._createdDate.getTime());
    assert.ok(result.item._updatedDate >= item._updatedDate);
    assert.deepEqual(await inventory.getInventoryItem(item._id), result.item);
  });

  test('fails an entry with a stale revision with REVISION_MISMATCH and the current revision', async () => {
    const item = await createItem({ quantity: 10 });
    const missing = newId();

    // Entries for one item apply in request order: the second still names revision 1.
    const response = await inventory.bulkUpdateInventoryItems([
      { inventoryItem: { _id: item._id, revision: item.revision, quantity: 8 } },
      { inventoryItem: { _id: item._id, revision: item.revision, quantity: 99 } },
      { inventoryItem: { _id: missing, revision: '1', quantity: 1 } },
    ], { returnEntity: true });

    assertTotals(response, 1, 2);
    assert.equal(response.results[0].item.quantity, 8);
    const stale = assertFailedEntry(response.results[1], { originalIndex: 1, id: item._id, code: 'REVISION_MISMATCH' });
    assert.deepEqual(stale.data, { currentRevision: '2' });
    assertFailedEntry(response.results[2], { originalIndex: 2, id: missing, code: 'INVENTORY_ITEM_NOT_FOUND' });
    const stored = await inventory.getInventoryItem(item._id);
    assert.equal(stored.quantity, 8, 'the stale entry changed nothing');
    assert.equal(stored.revision, '2');
  });

  test('switches an item from quantity to status tracking', async () => {
    const item = await createItem({ quantity: 5 });

    const response = await inventory.bulkUpdateInventoryItems(
      [{ inventoryItem: { _id: item._id, revision: item.revision, inStock: true } }],
      { returnEntity: true },
    );

    const [result] = response.results;
    assert.equal(result.item.trackQuantity, false);
    assert.equal(result.item.inStock, true);
    assert.equal('quantity' in result.item, false);
    assert.equal(result.item.availabilityStatus, 'IN_STOCK');
  });

  test('accepts a revision given as a number, as the SDK passes it through', async () => {
    const item = await createItem({ quantity: 5 });

    const response = await inventory.bulkUpdateInventoryItems(
      [{ inventoryItem: { _id: item._id, revision: Number(item.revision), quantity: 2 } }],
      { returnEntity: true },
    );

    assertTotals(response, 1, 0);
    assert.equal(response.results[0].item.quantity, 2);
    assert.equal(response.results[0].item.revision, '2');
  });

  test('updates preorder settings and reports the remaining preorder quantity', async () => {
    const item = await createItem({ quantity: 0 });

    const response = await inventory.bulkUpdateInventoryItems(
      [{ inventoryItem: { _id: item._id, revision: item.revision, preorderInfo: { enabled: true, message: 'Back in June', limit: 20 } } }],
      { returnEntity: true, reason: 'MANUAL' },
    );

    const [result] = response.results;
    assert.deepEqual(result.item.preorderInfo, { enabled: true, message: 'Back in June', limit: 20, counter: 0, quantity: 20 });
    assert.equal(result.item.availabilityStatus, 'PREORDER');
    assert.equal(result.item.quantity, 0);
  });
});

describe('bulkDeleteInventoryItems', () => {
  test('deletes each item on its own; a missing one fails alone', async () => {
    const [first, second] = await Promise.all([createItem(), createItem()]);
    const missing = newId();

    const response = await inventory.bulkDeleteInventoryItems([first._id, missing, second._id]);

    assertTotals(response, 2, 1);
    assert.deepEqual(response.results.map(r => r.itemMetadata._id), [first._id, missing, second._id]);
    assert.equal(response.results[0].item, undefined);
    assertFailedEntry(response.results[1], { originalIndex: 1, id: missing, code: 'INVENTORY_ITEM_NOT_FOUND' });
    for (const id of [first._id, second._id]) {
      assertApplicationError(await sdkError(inventory.getInventoryItem(id)), { status: 404, code: 'INVENTORY_ITEM_NOT_FOUND' });
    }
  });
});

describe('bulkUpsertInventoryItems', () => {
  test('creates the item of a new variant and location, and sets the masked fields of an existing one without a revision', async () => {
    const existing = await createItem({ quantity: 3, preorderInfo: { enabled: false } });
    const fresh = trackedItem({ quantity: 8 });

    const response = await inventory.bulkUpsertInventoryItems([
      { inventoryItem: { variantId: existing.variantId, productId: existing.productId, quantity: 30, preorderInfo: { enabled: true } }, fieldMask: ['quantity'] },
      { inventoryItem: fresh },
    ], { returnEntity: true });

    assertTotals(response, 2, 0);
    const [updated, created] = response.results.map(r => r.item);
    assert.equal(updated._id, existing._id);
    assert.equal(updated.quantity, 30);
    assert.equal(updated.revision, '2');
    assert.equal(updated.preorderInfo.enabled, false, 'a field outside the mask stays');
    assert.notEqual(created._id, existing._id);
    assert.equal(created.variantId, fresh.variantId);
    assert.equal(created.quantity, 8);
    assert.equal(created.revision, '1');
  });
});

describe('bulkUpsertInventoryItems', () => {
  test('refuses two entries for one variant and location as a whole with DUPLICATE_BULK_UPSERT_KEY, creating nothing', async () => {
    const fresh = trackedItem({ quantity: 1 });

    const error = await sdkError(inventory.bulkUpsertInventoryItems([
      { inventoryItem: fresh },
      { inventoryItem: { ...fresh, quantity: 2 } },
    ]));

    assert.equal(error.status, 400, error.message);
    const [violation] = error.details?.validationError?.fieldViolations ?? [];
    assert.equal(violation?.ruleName, 'DUPLICATE_BULK_UPSERT_KEY', JSON.stringify(error.details));
    assert.equal(violation.field, 'inventoryItems[1].inventoryItem.variantId');
    const { count } = await inventory.countInventoryItems({ filter: { variantId: fresh.variantId } });
    assert.equal(count, 0);
  });
});
