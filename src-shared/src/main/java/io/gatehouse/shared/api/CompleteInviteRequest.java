package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CompleteInviteRequest(String token, String password, String totpCode) {
    @Override
    public String toString() {
        return "CompleteInviteRequest[token=<redacted>, password=<redacted>, totpCode=<redacted>]";
    }
}
