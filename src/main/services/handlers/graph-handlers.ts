import { GraphService } from '../graph-service';
import type { DomainHandlers } from './types';

type GraphCalls = 'graph.ancestors' | 'graph.children' | 'graph.clusterPage' | 'graph.row' | 'graph.boxes';

/** The graph service lends the active datalake from the connections, like the other readers. */
export const graphHandlers: DomainHandlers<GraphCalls> = ({ connections }) => {
  const graph = new GraphService(connections);
  return {
    'graph.ancestors': (input) => graph.ancestors(input),
    'graph.children': (input) => graph.children(input),
    'graph.clusterPage': (input) => graph.clusterPage(input),
    'graph.row': (input) => graph.row(input),
    'graph.boxes': (input) => graph.boxes(input),
  };
};
