-- The notes app's blocks: a tree of documents (sections, paragraphs, notes).
CREATE TABLE blocks (
    id TEXT PRIMARY KEY NOT NULL,
    parent_id TEXT,
    content TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    properties TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
