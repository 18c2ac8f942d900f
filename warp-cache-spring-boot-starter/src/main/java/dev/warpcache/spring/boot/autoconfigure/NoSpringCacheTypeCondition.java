package dev.warpcache.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.cache.type} is not set: a user who names a cache type asks for Spring
 * Boot's own choice, and warp-cache steps aside.
 */
final class NoSpringCacheTypeCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConditionMessage.Builder message = ConditionMessage.forCondition("warp-cache");
    String type = context.getEnvironment().getProperty("spring.cache.type");
    if (type == null) {
      return ConditionOutcome.match(message.because("spring.cache.type is not set"));
    }
    return ConditionOutcome.noMatch(message.because("spring.cache.type is set to '" + type + "'"));
  }
}
