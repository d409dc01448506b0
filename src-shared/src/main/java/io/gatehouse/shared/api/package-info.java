/**
 * The JSON API of the Auth Service, shared by auth (server side) and the CLIs (client side).
 * Field names are snake_case on the wire; every record here is plain data.
 */
package io.gatehouse.shared.api;
