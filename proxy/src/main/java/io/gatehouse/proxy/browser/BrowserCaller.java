package io.gatehouse.proxy.browser;

import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.cert.UserIdentity;

/** Who opened a browser socket: the web session (its certificates log in to the target) and the user it acts as. */
public record BrowserCaller(WebSessionDto.Session session, UserIdentity user) {
}
