package com.example.shop.catalog;

/** An item of the catalog. */
public record Item(String sku, String name) {
}
