import { InMemoryEventStore } from '../../../shared/event-store';
import { eventStoreBehaviour } from '../../helpers/event-store-behaviour';

eventStoreBehaviour('in memory', () => new InMemoryEventStore());
