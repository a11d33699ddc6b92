namespace InventoryGrains.Storage.PostgreSql;

/// <summary>The statements of the PostgreSQL item store (tables in <c>sql/005-inventory-items.sql</c>).</summary>
internal static class ItemStoreSql
{
    /// <summary>
    /// One batch, one statement, one commit. Rows that expect a version are updated only if the
    /// stored version is still that one; new rows are inserted only if absent. Ledger rows are
    /// inserted only for the item rows that were written, so a row that loses its version check
    /// leaves no entry, and no entry exists without its row. The statement returns the rows it
    /// wrote; a row it does not return lost its version check.
    /// </summary>
    public static readonly string WriteBatch = Batch(insertNewRows: true);

    /// <summary><see cref="WriteBatch"/> for a batch without new items: the same, minus the insert.</summary>
    public static readonly string UpdateBatch = Batch(insertNewRows: false);

    private static string Batch(bool insertNewRows) => $"""
        WITH input AS (
            SELECT *
            FROM unnest(@tenant, @item_id, @expected, @revision, @variant_id, @product_id, @location_id,
                        @track_quantity, @quantity, @in_stock, @availability_status, @preorder_enabled,
                        @created_date, @updated_date, @payload, @deleted,
                        @reserved, @committed, @damaged, @safety_stock, @quality_control, @incoming)
                 AS i(tenant, item_id, expected, revision, variant_id, product_id, location_id,
                      track_quantity, quantity, in_stock, availability_status, preorder_enabled,
                      created_date, updated_date, payload, deleted,
                      reserved, committed, damaged, safety_stock, quality_control, incoming)
        ),
        updated AS (
            UPDATE inventory_items AS t
            SET version = t.version + 1, revision = i.revision, variant_id = i.variant_id,
                product_id = i.product_id, location_id = i.location_id, track_quantity = i.track_quantity,
                quantity = i.quantity, in_stock = i.in_stock, availability_status = i.availability_status,
                preorder_enabled = i.preorder_enabled, updated_date = i.updated_date, payload = i.payload,
                deleted = i.deleted, reserved = i.reserved, committed = i.committed, damaged = i.damaged,
                safety_stock = i.safety_stock, quality_control = i.quality_control, incoming = i.incoming
            FROM input AS i
            WHERE i.expected IS NOT NULL
              AND t.tenant = i.tenant AND t.item_id = i.item_id AND t.version = i.expected
            RETURNING t.tenant, t.item_id
        ),
        {(insertNewRows ? """
        inserted AS (
            INSERT INTO inventory_items (tenant, item_id, version, revision, variant_id, product_id, location_id,
                                         track_quantity, quantity, in_stock, availability_status, preorder_enabled,
                                         created_date, updated_date, payload,
                                         reserved, committed, damaged, safety_stock, quality_control, incoming)
            SELECT i.tenant, i.item_id, 1, i.revision, i.variant_id, i.product_id, i.location_id,
                   i.track_quantity, i.quantity, i.in_stock, i.availability_status, i.preorder_enabled,
                   i.created_date, i.updated_date, i.payload,
                   i.reserved, i.committed, i.damaged, i.safety_stock, i.quality_control, i.incoming
            FROM input AS i
            WHERE i.expected IS NULL
            ON CONFLICT (tenant, item_id) DO NOTHING
            RETURNING tenant, item_id
        ),
        written AS (
            SELECT tenant, item_id FROM updated
            UNION ALL
            SELECT tenant, item_id FROM inserted
        ),
        """ : """
        written AS (
            SELECT tenant, item_id FROM updated
        ),
        """)}
        ledger AS (
            INSERT INTO inventory_item_changes (tenant, item_id, revision, n, reason, dialect, operation_id, occurred_at, fields, operation, reference)
            SELECT c.tenant, c.item_id, c.revision, c.n, c.reason, c.dialect, c.operation_id, c.occurred_at, c.fields, c.operation, c.reference
            FROM unnest(@c_tenant, @c_item_id, @c_revision, @c_reason, @c_dialect, @c_operation_id, @c_occurred_at, @c_fields, @c_operation, @c_reference)
                 WITH ORDINALITY AS c(tenant, item_id, revision, reason, dialect, operation_id, occurred_at, fields, operation, reference, n)
            WHERE EXISTS (SELECT 1 FROM written AS w WHERE w.tenant = c.tenant AND w.item_id = c.item_id)
        )
        SELECT tenant, item_id FROM written
        """;

    /// <summary>
    /// Stored items with the operations of their latest changes (<c>recent</c> per key), oldest
    /// first: a range of the ledger's primary key, so an item with a long ledger costs no more.
    /// </summary>
    public const string ReadBatch = """
        SELECT t.tenant, t.item_id, t.version, t.payload, o.operation_ids, o.revisions, o.occurred_at
        FROM unnest(@tenant, @item_id, @recent) AS k(tenant, item_id, recent)
        JOIN inventory_items AS t ON t.tenant = k.tenant AND t.item_id = k.item_id
        LEFT JOIN LATERAL (
            SELECT array_agg(c.operation_id ORDER BY c.revision) AS operation_ids,
                   array_agg(c.revision ORDER BY c.revision) AS revisions,
                   array_agg(c.occurred_at ORDER BY c.revision) AS occurred_at
            FROM inventory_item_changes AS c
            WHERE c.tenant = t.tenant AND c.item_id = t.item_id AND c.revision > t.revision - k.recent
              AND c.operation_id IS NOT NULL
        ) AS o ON true
        """;

    public const string ReadChanges = """
        SELECT revision, reason, dialect, operation_id, occurred_at, fields, operation, reference
        FROM inventory_item_changes
        WHERE tenant = @tenant AND item_id = @item_id AND revision > @after
        ORDER BY revision
        LIMIT @limit
        """;

    /// <summary>
    /// The tenant's feed after (tx, n), in (tx, n) order: only rows of transactions older than the
    /// oldest still running (<c>pg_snapshot_xmin</c>). A transaction can commit after a later one
    /// (its id is older, its rows arrive later); while it runs, it holds the boundary below its rows,
    /// so a reader never passes a position that could still receive a row. The position's text gets
    /// a name of its own: ordering by an output column named <c>tx</c> would sort the text ("1000"
    /// before "999"), not the transaction ids.
    /// </summary>
    public const string ReadFeed = """
        SELECT c.tx::text AS position_tx, c.n, c.item_id, c.revision, c.reason, c.dialect, c.operation_id, c.occurred_at, c.fields, c.operation, c.reference
        FROM inventory_item_changes AS c
        WHERE c.tenant = @tenant AND (c.tx, c.n) > (@tx::xid8, @n) AND c.tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY c.tx, c.n
        LIMIT @limit
        """;

    /// <summary>
    /// The last position a feed reader can be given now: rows above it either are not stored yet or
    /// belong to transactions still running, and so are met by a reader that starts there.
    /// </summary>
    public const string ReadFeedEnd = """
        SELECT c.tx::text AS position_tx, c.n
        FROM inventory_item_changes AS c
        WHERE c.tenant = @tenant AND c.tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY c.tx DESC, c.n DESC
        LIMIT 1
        """;

    public const string Clear = """
        DELETE FROM inventory_items WHERE tenant = @tenant AND item_id = @item_id AND version = @version
        """;
}
