-- Child listings (BlockStore.ChildrenAsync, WatchChildren, document refreshes) read blocks by parent in sort order.
CREATE INDEX blocks_by_parent ON blocks (parent_id, sort_key);
