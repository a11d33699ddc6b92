// Reading many items through inventoryItemsV3: queryInventoryItems (the builder and the typed form),
// searchInventoryItems, countInventoryItems.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inventory, newId, createItem, sdkError, assertApplicationError } from './lib/client.mjs';

/** Five items of one new product, quantities 0…4, created one after another. */
async function productItems() {
  const productId = newId();
  const items = [];
  for (let quantity = 0; quantity < 5; quantity++) {
    items.push(await createItem({ productId, quantity }));
  }
  return { productId, items };
}

describe('queryInventoryItems', () => {
  test('walks a filtered, sorted query page by page with the builder, each item once', async () => {
    const { productId, items } = await productItems();

    let page = await inventory.queryInventoryItems().eq('productId', productId).ge('quantity', 1).ascending('quantity').limit(2).find();
    const seen = [...page.items];
    while (page.hasNext()) {
      page = await page.next();
      seen.push(...page.items);
    }

    assert.deepEqual(seen.map(item => item.quantity), [1, 2, 3, 4]);
    assert.deepEqual(seen.map(item => item._id), items.slice(1).map(item => item._id));
    assert.ok(seen[0]._createdDate instanceof Date);
  });

  test('refuses a field the service does not hold with 400 and the field named', async () => {
    const error = await sdkError(inventory.queryInventoryItems().eq('product.name', 'T-shirt').find());

    const applicationError = assertApplicationError(error, { status: 400, code: 'INVALID_ARGUMENT' });
    assert.match(applicationError.data.field, /product\.name/);
  });
});

describe('searchInventoryItems', () => {
  test('answers the filtered items newest first with a VALUE aggregation over all of them', async () => {
    const { productId, items } = await productItems();

    const response = await inventory.searchInventoryItems({
      filter: { productId },
      cursorPaging: { limit: 10 },
      aggregations: [{ name: 'byStatus', type: 'VALUE', fieldPath: 'availabilityStatus' }],
    });

    assert.deepEqual(response.inventoryItems.map(item => item._id), items.map(item => item._id).reverse());
    const byStatus = response.aggregationData.results[0].values.results;
    assert.deepEqual(Object.fromEntries(byStatus.map(r => [r.value, r.count])), { IN_STOCK: 4, OUT_OF_STOCK: 1 });
  });
});

describe('countInventoryItems', () => {
  test('counts the items a filter selects', async () => {
    const { productId } = await productItems();

    const response = await inventory.countInventoryItems({ filter: { productId, quantity: { $lt: 3 } } });

    assert.equal(response.count, 3);
  });
});
