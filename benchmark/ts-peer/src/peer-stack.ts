import { Construct } from "constructs";
import { TerraformProviderGeneratorMetadata, TerraformResource, TerraformStack } from "cdktf";

/** A stack of the peer: its elements by Terraform address, so a service stack can reference the shared stack's. */
export abstract class PeerStack extends TerraformStack {
  readonly elements = new Map<string, any>();

  constructor(scope: Construct, id: string, shared?: PeerStack) {
    super(scope, id);
    this.build(shared);
  }

  get(address: string): any {
    const element = this.elements.get(address);
    if (!element) {
      throw new Error(`${this.node.id} has no ${address}`);
    }
    return element;
  }

  protected abstract build(shared?: PeerStack): void;
}

/** A resource written without its provider binding class: its attributes as given (see RAW in generate.cjs). */
export class RawResource extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, generator: TerraformProviderGeneratorMetadata,
      private readonly attributes: { [key: string]: any }) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: generator });
  }

  protected synthesizeAttributes(): { [key: string]: any } {
    return this.attributes;
  }
}
